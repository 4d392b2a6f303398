using ControlPlane.Wire.Health;

namespace ControlPlane.Wire.Placement;

/// <summary>
/// What placement needs to know of one node, kept by the fleet index and refreshed by the node grain
/// only when it changes (allocation, health, cordon, topology): GPUs with their free/healthy state,
/// the GPU-to-GPU and GPU-to-NIC link kinds, NICs, versions and failure domain.
/// </summary>
[GenerateSerializer, Immutable, Alias("cp.PlacementNode")]
public sealed record PlacementNode
{
    [Id(0)] public required string Node { get; set; }
    [Id(1)] public required string Pool { get; set; }
    [Id(2)] public string? Rack { get; set; }
    [Id(3)] public required HealthStatus Health { get; set; }
    [Id(4)] public required Readiness Readiness { get; set; }
    [Id(5)] public required bool Cordoned { get; set; }
    [Id(6)] public required string ComputeCapability { get; set; }
    [Id(7)] public required string Driver { get; set; }
    /// <summary>Highest CUDA version the driver supports.</summary>
    [Id(8)] public required string Cuda { get; set; }
    [Id(9)] public string? Nccl { get; set; }
    [Id(10)] public required PlacementGpu[] Gpus { get; set; }
    /// <summary>GPU × GPU link cells (<c>X</c>, <c>NV18</c>, <c>PIX</c>…) in <see cref="Gpus"/> order.</summary>
    [Id(11)] public required string[][] GpuLinks { get; set; }
    [Id(12)] public required PlacementNic[] Nics { get; set; }
    /// <summary>GPU × NIC link cells in <see cref="Gpus"/> × <see cref="Nics"/> order.</summary>
    [Id(13)] public required string[][] GpuNicLinks { get; set; }
    /// <summary>Bumped by the node grain on every change, so readers can tell a stale copy.</summary>
    [Id(14)] public long Version { get; set; }

    /// <summary>
    /// The multi-node NVLink domain every GPU of the node is registered with (<c>{cluster UUID}/{clique}</c>), or null:
    /// no domain, or one GPU unregistered or elsewhere (a domain with a failed fabric is not treated as one).
    /// </summary>
    [Id(15)] public string? NvlinkDomain { get; set; }
}

[GenerateSerializer, Immutable, Alias("cp.PlacementGpu")]
public sealed record PlacementGpu
{
    [Id(0)] public required int Index { get; set; }
    [Id(1)] public required string Uuid { get; set; }
    /// <summary>Null when the node's agent could not tell the device minor.</summary>
    [Id(2)] public required int? Minor { get; set; }
    [Id(3)] public required bool Healthy { get; set; }
    /// <summary>The owner holding this GPU (a pair replica), or null when free.</summary>
    [Id(4)] public string? AllocatedTo { get; set; }
    [Id(5)] public int? Numa { get; set; }
    [Id(6)] public long MemoryMiB { get; set; }
}

[GenerateSerializer, Immutable, Alias("cp.PlacementNic")]
public sealed record PlacementNic
{
    [Id(0)] public required string Device { get; set; }
    [Id(1)] public string? Netdev { get; set; }
    [Id(2)] public required bool Active { get; set; }
    [Id(3)] public required double RateGbps { get; set; }
    [Id(4)] public string? RdmaResource { get; set; }
    /// <summary><c>InfiniBand</c> or <c>Ethernet</c> (RoCE).</summary>
    [Id(5)] public required string LinkLayer { get; set; }
}
