namespace ControlPlane.Grains.Nodes;

/// <summary>
/// The last accepted probe sequence, persisted on its own with every report the node record is not
/// written for (telemetry-only reports): a few bytes instead of the whole record, so the sequence never
/// goes backwards across a silo crash while telemetry is still written at most every
/// <see cref="NodeOptions.PersistTelemetryEvery"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("cp.NodeSequenceMark")]
public sealed record SequenceMark
{
    [Id(0)] public long Sequence { get; init; } = -1;
}
