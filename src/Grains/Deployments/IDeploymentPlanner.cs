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

    /// <summary>A node grain's fresh view (from a reservation answer): plans after this see it at once.</summary>
    void Observe(PlacementNode node);
}
