namespace ControlPlane.Wire.Incidents;

/// <summary>
/// One entry of an incident's timeline: <c>signal</c>, <c>blame</c>, <c>escalate</c>, <c>quarantine</c>, <c>drain</c>,
/// <c>re-place</c>, <c>applied</c>, <c>recovered</c>, <c>unplaceable</c>, <c>paused</c>, <c>merged</c>,
/// <c>acknowledged</c>, <c>resolved</c>, <c>lifted</c>, with what it rests on and who or what acted.
/// </summary>
[GenerateSerializer, Immutable, Alias("cp.IncidentStep")]
public sealed record IncidentStep
{
    [Id(0)] public required DateTimeOffset At { get; set; }
    [Id(1)] public required string Step { get; set; }
    [Id(2)] public required string Detail { get; set; }

    /// <summary>Log lines (with their line numbers) or health reasons the step rests on.</summary>
    [Id(3)] public string[] Evidence { get; set; } = [];

    /// <summary><c>failover</c>, <c>operator:alice</c>, <c>signal:vllm-sidecar</c>, <c>node:h20-01</c>…</summary>
    [Id(4)] public required string Actor { get; set; }

    /// <summary>The pair the step is about, when it is about one.</summary>
    [Id(5)] public string? Pair { get; set; }
}
