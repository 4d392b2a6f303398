using ControlPlane.Contracts.Health;
using ControlPlane.Contracts.Probes;

namespace ControlPlane.Contracts.Nics;

[GenerateSerializer, Immutable, Alias("cp.NicRecord")]
public sealed record NicRecord
{
    [Id(0)] public required string Key { get; init; }
    [Id(1)] public required NicReport Report { get; init; }
    [Id(2)] public required DeviceHealth Health { get; init; }
    [Id(3)] public required DateTimeOffset Since { get; init; }
    [Id(4)] public HealthTransition[] History { get; init; } = [];
}
