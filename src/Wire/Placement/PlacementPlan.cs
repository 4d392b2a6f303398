namespace ControlPlane.Wire.Placement;

/// <summary>The answer of <c>POST /api/v1/placements:plan</c>, and the record of a deployment's placement.</summary>
[GenerateSerializer, Immutable, Alias("cp.PlacementPlan")]
public sealed record PlacementPlan
{
    [Id(0)] public required PairPlacement[] Pairs { get; set; }
    /// <summary>The next best choice for each pair (same order), or null where there was none.</summary>
    [Id(1)] public PairPlacement?[] RunnerUp { get; set; } = [];
    [Id(2)] public NodeRejection[] Rejections { get; set; } = [];
    /// <summary>True when every requested pair was placed.</summary>
    [Id(3)] public bool Complete { get; set; }
    [Id(4)] public int NodesConsidered { get; set; }
}
