using ControlPlane.Wire.Health;

namespace ControlPlane.Contracts.Gpus;

/// <summary>What a node grain tells a GPU grain when the GPU's place or verdict changes.</summary>
[GenerateSerializer, Immutable, Alias("cp.GpuObservation")]
public sealed record GpuObservation
{
    [Id(0)] public required string Node { get; init; }
    [Id(1)] public required int Index { get; init; }
    [Id(2)] public required string Model { get; init; }
    [Id(3)] public required string PciBusId { get; init; }
    [Id(4)] public required DeviceHealth Health { get; init; }
    [Id(5)] public required DateTimeOffset At { get; init; }
}
