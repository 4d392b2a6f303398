using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Grains.Deployments;

/// <summary>Plans a (validated) spec against the fleet as last seen; reservations then confirm or refute it.</summary>
public interface IDeploymentPlanner
{
    Task<PlacementPlan> PlanAsync(DeploymentSpec spec, CancellationToken cancellationToken = default);

    /// <summary>
    /// Plans for a reservation that follows at once: the planned GPUs count as taken for other plans until
    /// <see cref="Observe"/> hears from their nodes. <paramref name="beside"/>: the deployment's pairs already placed,
    /// which the plan spreads from as from its own.
    /// </summary>
    Task<PlacementPlan> PlanToReserveAsync(DeploymentSpec spec, IReadOnlyCollection<PairPlacement>? beside = null);

    /// <summary>
    /// Plans <paramref name="spec"/> as if <paramref name="deployment"/>'s GPUs on the nodes of <paramref name="replaced"/> were
    /// free: what a re-placement finds once its old pairs are gone. Reserves and assumes nothing; a re-placement that
    /// fits nowhere even then is refused before anything running is deleted.
    /// </summary>
    Task<PlacementPlan> PlanInPlaceOfAsync(DeploymentSpec spec, string deployment, IReadOnlyCollection<PairPlacement> replaced);

    /// <summary>The most GPUs any known node has (0 when none reported): a TP larger than this can never be placed.</summary>
    Task<int> LargestNodeGpusAsync();

    /// <summary>A node grain's fresh view (from a reservation answer): plans after this see it at once.</summary>
    void Observe(PlacementNode node);
}
