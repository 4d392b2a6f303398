using ControlPlane.Wire.Incidents;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Contracts.Deployments;

/// <summary>Replace one pair (at the revision the incident blamed) through the placement pipeline.</summary>
[GenerateSerializer, Immutable, Alias("cp.FailoverRequest")]
public sealed record FailoverRequest
{
    [Id(0)] public required int Pair { get; init; }

    /// <summary>The revision blamed; a pair already past it was replaced before (the request is then a no-op). Null: whatever runs now.</summary>
    [Id(1)] public int? Revision { get; init; }
    [Id(2)] public required string Incident { get; init; }
    [Id(3)] public required string Reason { get; init; }

    /// <summary>The blamed component: a pair that does not touch it is not affected (e.g. a NIC its KV transfer does not use).</summary>
    [Id(4)] public BlamedComponent? Blamed { get; init; }

    /// <summary>
    /// With <see cref="Pair"/> -1 (the reservation owner names a spare), the spare's unit, <c>spare-{n}</c>: a spare swapped in
    /// keeps its unit and its reservations, so a fault under it is a fault of the pair it serves as now.
    /// </summary>
    [Id(5)] public string? Unit { get; init; }
}

/// <summary>What became of a failover request.</summary>
[GenerateSerializer, Immutable, Alias("cp.FailoverOutcome")]
public sealed record FailoverOutcome
{
    [Id(0)] public required FailoverResult Result { get; init; }
    [Id(1)] public required string Detail { get; init; }
    [Id(2)] public PairPlacement? Replacement { get; init; }
    [Id(3)] public int Revision { get; init; }

    /// <summary>True in a cluster: the replacement runs once its pods are Ready; false in plan-only mode (nothing runs).</summary>
    [Id(4)] public bool AwaitsPods { get; init; }

    /// <summary>The warm spare swapped in (<c>spare-{n}</c>): it runs already, only the router and endpoints changed; null for a re-placement.</summary>
    [Id(5)] public string? SwappedIn { get; init; }

    /// <summary>Where the pair ran before it was replaced; null when nothing was replaced.</summary>
    [Id(6)] public PairPlacement? Previous { get; init; }
}

public enum FailoverResult
{
    /// <summary>A replacement is placed and reserved; the old pair's GPUs are released once its pods are gone.</summary>
    Replaced,

    /// <summary>The pair was already past the blamed revision.</summary>
    AlreadyReplaced,

    /// <summary>The pair does not use the blamed component.</summary>
    NotAffected,

    /// <summary>No replacement fits anywhere right now; the pair stays as it is and the incident asks for a person.</summary>
    Unplaceable,

    /// <summary>No such deployment or pair (deleted meanwhile).</summary>
    NotFound,

    /// <summary>Storage or a node could not be reached; nothing changed; try again.</summary>
    Unavailable,
}
