using ControlPlane.Wire.Health;

namespace ControlPlane.Wire.Nodes;

[GenerateSerializer, Immutable, Alias("cp.ProbeAck")]
public sealed record ProbeAck
{
    [Id(0)] public required ProbeOutcome Outcome { get; set; }
    [Id(1)] public required long LastAcceptedSequence { get; set; }
    [Id(2)] public required HealthStatus Health { get; set; }
}
