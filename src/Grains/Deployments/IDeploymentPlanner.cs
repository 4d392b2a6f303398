using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Grains.Deployments;

/// <summary>Plans a (validated) spec against the fleet as last seen; reservations then confirm or refute it.</summary>
public interface IDeploymentPlanner
{
    Task<PlacementPlan> PlanAsync(DeploymentSpec spec, CancellationToken cancellationToken = default);

    /// <summary>A node grain's fresh view (from a reservation answer): plans after this see it at once.</summary>
    void Observe(PlacementNode node);
}
