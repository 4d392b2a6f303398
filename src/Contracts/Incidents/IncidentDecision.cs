using ControlPlane.Wire.Incidents;

namespace ControlPlane.Contracts.Incidents;

/// <summary>What the failover grain decided about one signal, for the incident that takes it.</summary>
[GenerateSerializer, Immutable, Alias("cp.IncidentDecision")]
public sealed record IncidentDecision
{
    [Id(0)] public required FailureSignal Signal { get; init; }
    [Id(1)] public required BlamedComponent Blamed { get; init; }

    /// <summary>Set when this signal widened the blame (GPU → the NIC two pairs share).</summary>
    [Id(2)] public string? Escalation { get; init; }

    /// <summary>Automation is paused (fabric storm): record, do not quarantine or replace.</summary>
    [Id(3)] public bool Paused { get; init; }
    [Id(4)] public required DateTimeOffset At { get; init; }
    [Id(5)] public IncidentKind Kind { get; init; }

    /// <summary>Why automation holds back (paused by a fabric incident, rate limited); null when it acts.</summary>
    [Id(6)] public string? HoldReason { get; init; }
}

/// <summary>A replacement pair's progress, told by its deployment.</summary>
[GenerateSerializer, Immutable, Alias("cp.PairProgress")]
public sealed record PairProgress
{
    [Id(0)] public required string Deployment { get; init; }
    [Id(1)] public required int Pair { get; init; }

    /// <summary><c>applied</c>, <c>recovered</c> or <c>drained</c> (the old pair's GPUs released).</summary>
    [Id(2)] public required string Step { get; init; }
    [Id(3)] public required string Detail { get; init; }
    [Id(4)] public required DateTimeOffset At { get; init; }
}
