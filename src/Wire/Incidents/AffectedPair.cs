using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Wire.Incidents;

/// <summary>A pair an incident replaces, and how far that got.</summary>
[GenerateSerializer, Immutable, Alias("cp.AffectedPair")]
public sealed record AffectedPair
{
    [Id(0)] public required string Deployment { get; set; }
    [Id(1)] public required int Pair { get; set; }

    /// <summary>The placement revision that was blamed; the replacement is the next one.</summary>
    [Id(2)] public required int Revision { get; set; }

    /// <summary><c>pending</c>, <c>kept</c> (left for a person), <c>replaced</c>, <c>applied</c>, <c>recovered</c>, <c>unplaceable</c>, <c>gone</c>.</summary>
    [Id(3)] public required string Progress { get; set; }
    [Id(4)] public string? Detail { get; set; }

    /// <summary>For a warm spare (<see cref="Pair"/> -1), its unit <c>spare-{n}</c>.</summary>
    [Id(5)] public string? Unit { get; set; }

    /// <summary>Where the pair ran when it was blamed (known once it is replaced).</summary>
    [Id(6)] public PairPlacement? Before { get; set; }

    /// <summary>Where its replacement runs.</summary>
    [Id(7)] public PairPlacement? After { get; set; }

    public string Id => PairUnit.QualifiedName(Deployment, Pair, Unit);
}
