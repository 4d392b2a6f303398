namespace ControlPlane.Wire.Placement;

/// <summary>Where one engine replica (prefill or decode) runs: exact GPUs of one node and, across nodes, its NIC.</summary>
[GenerateSerializer, Immutable, Alias("cp.ReplicaPlacement")]
public sealed record ReplicaPlacement
{
    [Id(0)] public required string Node { get; set; }
    [Id(1)] public required int[] GpuIndices { get; set; }
    [Id(2)] public required string[] GpuUuids { get; set; }
    /// <summary>
    /// Device minors (<c>/dev/nvidiaN</c>) of the GPUs, the numbers host-index binding uses; null when the
    /// minor of any of them is unknown (rendering then selects them by UUID).
    /// </summary>
    [Id(3)] public required int[]? GpuMinors { get; set; }
    /// <summary>RDMA device (<c>mlx5_0</c>) the KV transfer uses when the pair crosses nodes.</summary>
    [Id(4)] public string? Nic { get; set; }
    [Id(5)] public string? NicNetdev { get; set; }
    [Id(6)] public string? RdmaResource { get; set; }
    [Id(7)] public string? Rack { get; set; }
    /// <summary>
    /// The node's multi-node NVLink domain (<c>{cluster UUID}/{clique id}</c>) when it was placed, or null: what the
    /// <c>nvidia.com/gpu.clique</c> affinity of a pair across trays of one domain is rendered from.
    /// </summary>
    [Id(8)] public string? NvlinkDomain { get; set; }
}
