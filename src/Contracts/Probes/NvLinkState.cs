namespace ControlPlane.Contracts.Probes;

[GenerateSerializer, Immutable, Alias("cp.NvLinkState")]
public sealed record NvLinkState
{
    [Id(0)] public required int Link { get; init; }
    [Id(1)] public required bool Active { get; init; }
    [Id(2)] public double? SpeedGBps { get; init; }
    [Id(3)] public string? RemotePciBusId { get; init; }
}
