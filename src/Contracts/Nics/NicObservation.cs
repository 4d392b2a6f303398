using ControlPlane.Wire.Health;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Contracts.Nics;

[GenerateSerializer, Immutable, Alias("cp.NicObservation")]
public sealed record NicObservation
{
    [Id(0)] public required NicReport Report { get; init; }
    [Id(1)] public required DeviceHealth Health { get; init; }
    [Id(2)] public required DateTimeOffset At { get; init; }
}
