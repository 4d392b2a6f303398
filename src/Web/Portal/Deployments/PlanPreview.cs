using ControlPlane.Wire.Placement;

namespace ControlPlane.Web.Portal.Deployments;

/// <summary>
/// What Create would place: the serving pairs' plan and the warm spares planned with them. Create plans pairs and
/// spares together (the spares then keep off the pairs' failure domains) and, when they do not fit together, places
/// the pairs alone and the spares after them where there is room; the preview follows the same rule.
/// </summary>
public sealed record PlanPreview(PlacementPlan Plan, PairPlacement[] Spares, int SparesAsked)
{
    /// <summary>Splits a plan made for pairs + spares: the plan lists its pairs best first, the serving pairs take the first.</summary>
    public static PlanPreview Together(PlacementPlan together, int pairs, int spares) => new(
        together with { Pairs = [.. together.Pairs.Take(pairs)], RunnerUp = [.. together.RunnerUp.Take(pairs)] },
        [.. together.Pairs.Skip(pairs)],
        spares);
}
