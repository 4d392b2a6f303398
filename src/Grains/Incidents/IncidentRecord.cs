using ControlPlane.Contracts.Incidents;
using ControlPlane.Wire.Incidents;

namespace ControlPlane.Grains.Incidents;

/// <summary>The persisted state of an incident grain: its view, the signals it acts on, and what it quarantined (to lift on resolve).</summary>
[GenerateSerializer, Immutable, Alias("cp.IncidentRecord")]
public sealed record IncidentRecord
{
    [Id(0)] public IncidentView? View { get; init; }

    /// <summary>The signal whose quarantine and replacement are still to be done (the latest decision).</summary>
    [Id(1)] public FailureSignal? Acting { get; init; }

    /// <summary>Set when automation holds back for this incident (paused, rate limited).</summary>
    [Id(2)] public string? Hold { get; init; }

    /// <summary>Component keys this incident quarantined or cordoned: <c>{node}|gpu:3</c>, <c>{node}|nic:mlx5_1:1</c>, <c>{node}|cordon</c>.</summary>
    [Id(3)] public string[] Quarantined { get; init; } = [];

    /// <summary>The span that opened it (W3C traceparent): a retry on a timer acts within the incident's own trace.</summary>
    [Id(4)] public string? Trace { get; init; }
}
