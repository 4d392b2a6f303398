namespace ControlPlane.Wire.Placement;

/// <summary>One prefill/decode pair and the wire between them.</summary>
[GenerateSerializer, Immutable, Alias("cp.PairPlacement")]
public sealed record PairPlacement
{
    [Id(0)] public required ReplicaPlacement Prefill { get; set; }
    [Id(1)] public required ReplicaPlacement Decode { get; set; }
    /// <summary><c>nvlink</c>, <c>pcie</c>, <c>rdma</c> or <c>tcp</c>.</summary>
    [Id(2)] public required string Tier { get; set; }
    /// <summary>The link the KV cache crosses, e.g. <c>NV18</c>, <c>PIX</c>, <c>mlx5_1 400 Gb/s (PIX/PIX)</c>.</summary>
    [Id(3)] public required string Wire { get; set; }
    /// <summary>Time to move the KV cache of a 4,096-token prompt over that wire.</summary>
    [Id(4)] public required double EstimatedKvTransferMs { get; set; }
    [Id(5)] public double Score { get; set; }
}
