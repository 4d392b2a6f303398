using ControlPlane.Wire.Placement;

namespace ControlPlane.Placement;

/// <summary>
/// Spreads a plan's pairs: −<c>weight</c> for a node whose failure domain (node, or rack with <c>spread: rack</c>)
/// already holds a pair of the plan, and half of it for an RDMA pair on a NIC rail already used (<c>spread: nic-rail</c>).
/// </summary>
internal sealed class FailureDomainSpreadScore(double sameDomain) : INodeScore, INicPairScore
{
    public static readonly ScoreWeight SameDomain = new("SameFailureDomain", 5_000, 1e6, "For a pair on a failure domain (node, rack) that already holds a pair of this plan; half of it for a NIC rail.");

    public IReadOnlyList<ScoreWeight> Weights => [SameDomain];

    public string Name => nameof(FailureDomainSpreadScore);

    public double Score(IndexedNode node, PlanState plan) => plan.DomainTaken(node) ? -sameDomain : 0;

    public double Score(PlacementNic prefill, PlacementNic decode, PlanState plan) =>
        plan.Request.Spread == SpreadDomain.NicRail && (plan.RailTaken(prefill.Device) || plan.RailTaken(decode.Device)) ? -(sameDomain / 2) : 0;
}
