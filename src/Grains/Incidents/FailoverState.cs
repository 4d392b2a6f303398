using ControlPlane.Wire.Incidents;

namespace ControlPlane.Grains.Incidents;

/// <summary>
/// What the failover grain persists: the id counter, recent bad nodes (to spot a storm), the pause. Small and bounded by its windows; recent blames live in memory (<see cref="RecentBlames"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("cp.FailoverState")]
public sealed record FailoverState
{
    [Id(0)] public long Counter { get; init; }
    [Id(2)] public BadNode[] BadNodes { get; init; } = [];

    /// <summary>The fabric incident that paused automation; null while it acts.</summary>
    [Id(3)] public string? PausedBy { get; init; }
}

[GenerateSerializer, Immutable, Alias("cp.RecentBlame")]
public sealed record RecentBlame
{
    [Id(0)] public required string Key { get; init; }
    [Id(1)] public required string Incident { get; init; }

    /// <summary><c>{deployment}/pair-{index}#{revision}</c>.</summary>
    [Id(2)] public required string Pair { get; init; }
    [Id(3)] public required DateTimeOffset At { get; init; }
    [Id(4)] public required BlamedComponent Component { get; init; }
    [Id(5)] public string? Pool { get; init; }

    /// <summary>The component the incident blamed when this entry was made (the others are candidates kept to correlate).</summary>
    [Id(6)] public bool Blamed { get; init; }
}

[GenerateSerializer, Immutable, Alias("cp.BadNode")]
public sealed record BadNode
{
    [Id(0)] public required string Pool { get; init; }
    [Id(1)] public required string Node { get; init; }
    [Id(2)] public required DateTimeOffset At { get; init; }
}
