using ControlPlane.Contracts.Health;

namespace ControlPlane.Contracts.Nodes;

[GenerateSerializer, Immutable, Alias("cp.ProbeAck")]
public sealed record ProbeAck
{
    [Id(0)] public required ProbeOutcome Outcome { get; init; }
    [Id(1)] public required long LastAcceptedSequence { get; init; }
    [Id(2)] public required HealthStatus Health { get; init; }
}
