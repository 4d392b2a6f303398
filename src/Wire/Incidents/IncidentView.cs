namespace ControlPlane.Wire.Incidents;

/// <summary>An incident: <c>GET /api/v1/incidents/{id}</c> (listings leave the timeline out).</summary>
[GenerateSerializer, Immutable, Alias("cp.IncidentView")]
public sealed record IncidentView
{
    [Id(0)] public required string Id { get; set; }
    [Id(1)] public required IncidentKind Kind { get; set; }
    [Id(2)] public required IncidentState State { get; set; }
    [Id(3)] public required string Title { get; set; }
    [Id(4)] public required BlamedComponent Blamed { get; set; }
    [Id(5)] public AffectedPair[] Pairs { get; set; } = [];
    [Id(6)] public string? Pool { get; set; }
    [Id(7)] public required DateTimeOffset OpenedAt { get; set; }
    [Id(8)] public required DateTimeOffset UpdatedAt { get; set; }
    [Id(9)] public string? AcknowledgedBy { get; set; }
    [Id(10)] public string? MergedInto { get; set; }
    [Id(11)] public IncidentStep[] Timeline { get; set; } = [];

    /// <summary>Nodes it touches (blamed and affected), for filtering.</summary>
    [Id(12)] public string[] Nodes { get; set; } = [];

    /// <summary>The trace (32 hex digits) of the signal that opened it, when tracing is on: find it in the trace backend.</summary>
    [Id(13)] public string? TraceId { get; set; }
}
