using ControlPlane.Contracts.Health;
using ControlPlane.Contracts.Probes;

namespace ControlPlane.Contracts.Nodes;

[GenerateSerializer, Immutable, Alias("cp.NicState")]
public sealed record NicState
{
    [Id(0)] public required NicReport Report { get; init; }
    [Id(1)] public required DeviceHealth Health { get; init; }
}
