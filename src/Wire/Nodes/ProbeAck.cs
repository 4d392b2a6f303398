using System.Text.Json.Serialization;
using ControlPlane.Wire.Gpus;
using ControlPlane.Wire.Health;

namespace ControlPlane.Wire.Nodes;

[GenerateSerializer, Immutable, Alias("cp.ProbeAck")]
public sealed record ProbeAck
{
    [Id(0)] public required ProbeOutcome Outcome { get; set; }
    [Id(1)] public required long LastAcceptedSequence { get; set; }
    [Id(2)] public required HealthStatus Health { get; set; }

    /// <summary>Only with <see cref="ProbeOutcome.GpuConflict"/>: which GPUs belong to which other node.</summary>
    [Id(3), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public GpuConflict[]? GpuConflicts { get; set; }
}
