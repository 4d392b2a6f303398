using ControlPlane.Wire.Health;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Wire.Nics;

[GenerateSerializer, Immutable, Alias("cp.NicRecord")]
public sealed record NicRecord
{
    [Id(0)] public required string Key { get; set; }
    [Id(1)] public required NicReport Report { get; set; }
    [Id(2)] public required DeviceHealth Health { get; set; }
    [Id(3)] public required DateTimeOffset Since { get; set; }
    [Id(4)] public HealthTransition[] History { get; set; } = [];
}
