namespace ControlPlane.Placement;

/// <summary>−<c>weight</c> for a node whose health is Degraded: still usable, used last.</summary>
internal sealed class DegradedNodeScore(double degraded) : INodeScore
{
    public static readonly ScoreWeight Degraded = new("DegradedNode", 2_000, 1e6, "For a node whose health is Degraded (still usable).");

    public IReadOnlyList<ScoreWeight> Weights => [Degraded];

    public string Name => nameof(DegradedNodeScore);

    public double Score(IndexedNode node, PlanState plan) => node.Degraded ? -degraded : 0;
}
