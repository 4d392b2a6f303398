namespace ControlPlane.Contracts.Placement;

/// <summary>The answer of <c>POST /api/v1/placements:plan</c>, and the record of a deployment's placement.</summary>
[GenerateSerializer, Immutable, Alias("cp.PlacementPlan")]
public sealed record PlacementPlan
{
    [Id(0)] public required PairPlacement[] Pairs { get; init; }
    /// <summary>The next best choice for each pair (same order), or null where there was none.</summary>
    [Id(1)] public PairPlacement?[] RunnerUp { get; init; } = [];
    [Id(2)] public NodeRejection[] Rejections { get; init; } = [];
    /// <summary>True when every requested pair was placed.</summary>
    [Id(3)] public bool Complete { get; init; }
    [Id(4)] public int NodesConsidered { get; init; }
}
