using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Incidents;

namespace ControlPlane.Contracts.Incidents;

/// <summary>
/// Something failed: a timeout, a device, a node, a pod, a wire. Carries the components it blames (narrowest first) and
/// the pairs it touches (empty for a device nobody holds); the failover grain correlates it into an incident.
/// </summary>
[GenerateSerializer, Immutable, Alias("cp.FailureSignal")]
public sealed record FailureSignal
{
    [Id(0)] public required IncidentKind Kind { get; init; }
    [Id(1)] public required string Reason { get; init; }

    /// <summary>Narrowest first: the straggler's GPU, then the NIC on the pair's path, then its node.</summary>
    [Id(2)] public required BlamedComponent[] Blame { get; init; }
    [Id(3)] public PairRef[] Pairs { get; init; } = [];
    [Id(4)] public string[] Evidence { get; init; } = [];
    [Id(5)] public required string Actor { get; init; }
    [Id(6)] public string? Pool { get; init; }

    /// <summary>Quarantine what is blamed (false for a signal about configuration, e.g. a wire mismatch from an NCCL setting).</summary>
    [Id(7)] public bool Quarantine { get; init; } = true;

    /// <summary>Replace the pairs (false: record and ask a person).</summary>
    [Id(8)] public bool Replace { get; init; } = true;
}

/// <summary>A pair at the placement revision the signal is about.</summary>
[GenerateSerializer, Immutable, Alias("cp.PairRef")]
public sealed record PairRef
{
    [Id(0)] public required string Deployment { get; init; }
    [Id(1)] public required int Pair { get; init; }
    [Id(2)] public required int Revision { get; init; }

    /// <summary>For a warm spare (<see cref="Pair"/> -1: it serves at no index), its unit, <c>spare-{n}</c>, so two spares are two pairs.</summary>
    [Id(3)] public string? Unit { get; init; }

    /// <summary><c>{deployment}/pair-{i}</c>, or <c>{deployment}/spare-{n}</c> for a spare.</summary>
    public string Name => PairUnit.QualifiedName(Deployment, Pair, Unit);
}
