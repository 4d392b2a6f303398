using ControlPlane.Contracts.Health;

namespace ControlPlane.Contracts.Gpus;

/// <summary>A GPU's identity, where it was last seen, its verdict and its bounded history: <c>GET /api/v1/gpus/{uuid}</c>.</summary>
[GenerateSerializer, Immutable, Alias("cp.GpuRecord")]
public sealed record GpuRecord
{
    [Id(0)] public required string Uuid { get; init; }
    [Id(1)] public required string Node { get; init; }
    [Id(2)] public required int Index { get; init; }
    [Id(3)] public required string Model { get; init; }
    [Id(4)] public required string PciBusId { get; init; }
    [Id(5)] public required DeviceHealth Health { get; init; }
    [Id(6)] public required DateTimeOffset Since { get; init; }
    [Id(7)] public HealthTransition[] History { get; init; } = [];
}
