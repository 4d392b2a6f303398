namespace ControlPlane.Placement;

/// <summary>−<c>weight</c> for a node whose health is Degraded: still usable, used last.</summary>
internal sealed class DegradedNodeScore(double degraded) : INodeScore
{
    public string Name => nameof(DegradedNodeScore);

    public double Score(IndexedNode node, PlanState plan) => node.Degraded ? -degraded : 0;
}
