namespace ControlPlane.Wire.Probes;

[GenerateSerializer, Immutable, Alias("cp.NvLinkState")]
public sealed record NvLinkState
{
    [Id(0)] public required int Link { get; set; }
    [Id(1)] public required bool Active { get; set; }
    [Id(2)] public double? SpeedGBps { get; set; }
    [Id(3)] public string? RemotePciBusId { get; set; }
}
