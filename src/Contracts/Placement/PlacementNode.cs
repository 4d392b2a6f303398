using ControlPlane.Contracts.Health;

namespace ControlPlane.Contracts.Placement;

/// <summary>
/// What placement needs to know of one node, kept by the fleet index and refreshed by the node grain
/// only when it changes (allocation, health, cordon, topology): GPUs with their free/healthy state,
/// the GPU-to-GPU and GPU-to-NIC link kinds, NICs, versions and failure domain.
/// </summary>
[GenerateSerializer, Immutable, Alias("cp.PlacementNode")]
public sealed record PlacementNode
{
    [Id(0)] public required string Node { get; init; }
    [Id(1)] public required string Pool { get; init; }
    [Id(2)] public string? Rack { get; init; }
    [Id(3)] public required HealthStatus Health { get; init; }
    [Id(4)] public required Readiness Readiness { get; init; }
    [Id(5)] public required bool Cordoned { get; init; }
    [Id(6)] public required string ComputeCapability { get; init; }
    [Id(7)] public required string Driver { get; init; }
    /// <summary>Highest CUDA version the driver supports.</summary>
    [Id(8)] public required string Cuda { get; init; }
    [Id(9)] public string? Nccl { get; init; }
    [Id(10)] public required PlacementGpu[] Gpus { get; init; }
    /// <summary>GPU × GPU link cells (<c>X</c>, <c>NV18</c>, <c>PIX</c>…) in <see cref="Gpus"/> order.</summary>
    [Id(11)] public required string[][] GpuLinks { get; init; }
    [Id(12)] public required PlacementNic[] Nics { get; init; }
    /// <summary>GPU × NIC link cells in <see cref="Gpus"/> × <see cref="Nics"/> order.</summary>
    [Id(13)] public required string[][] GpuNicLinks { get; init; }
    /// <summary>Bumped by the node grain on every change, so readers can tell a stale copy.</summary>
    [Id(14)] public long Version { get; init; }
}

[GenerateSerializer, Immutable, Alias("cp.PlacementGpu")]
public sealed record PlacementGpu
{
    [Id(0)] public required int Index { get; init; }
    [Id(1)] public required string Uuid { get; init; }
    [Id(2)] public required int Minor { get; init; }
    [Id(3)] public required bool Healthy { get; init; }
    /// <summary>The owner holding this GPU (a pair replica), or null when free.</summary>
    [Id(4)] public string? AllocatedTo { get; init; }
    [Id(5)] public int? Numa { get; init; }
    [Id(6)] public long MemoryMiB { get; init; }
}

[GenerateSerializer, Immutable, Alias("cp.PlacementNic")]
public sealed record PlacementNic
{
    [Id(0)] public required string Device { get; init; }
    [Id(1)] public string? Netdev { get; init; }
    [Id(2)] public required bool Active { get; init; }
    [Id(3)] public required double RateGbps { get; init; }
    [Id(4)] public string? RdmaResource { get; init; }
    /// <summary><c>InfiniBand</c> or <c>Ethernet</c> (RoCE).</summary>
    [Id(5)] public required string LinkLayer { get; init; }
}
