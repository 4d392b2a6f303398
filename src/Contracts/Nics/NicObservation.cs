using ControlPlane.Wire.Health;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Contracts.Nics;

[GenerateSerializer, Immutable, Alias("cp.NicObservation")]
public sealed record NicObservation
{
    [Id(0)] public required NicReport Report { get; init; }
    [Id(1)] public required DeviceHealth Health { get; init; }
    [Id(2)] public required DateTimeOffset At { get; init; }

    /// <summary>
    /// The node's previous verdict of the port, when it had one: a port first seen healthy is not told (no NIC grain is
    /// activated for a healthy NIC), so its grain may hear of it first when it changes, and starts its history from this.
    /// </summary>
    [Id(3)] public DeviceHealth? Before { get; init; }
}
