using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Grains.Deployments.Reserving;

/// <summary>
/// What one run of the <see cref="ReservationTransaction"/> places: <see cref="Spec"/>'s pairs beside the deployment's
/// <see cref="Beside"/>, reserved for the owners <see cref="IntentsOf"/> names, and how the deployment's record reads while
/// reserving (<see cref="Reserving"/>) and once every reservation holds (<see cref="Recorded"/>).
/// </summary>
internal sealed record ReservationRequest
{
    /// <summary>The spec to plan, its <see cref="DeploymentSpec.Pairs"/> the number of pairs this run places.</summary>
    public required DeploymentSpec Spec { get; init; }

    /// <summary>The deployment's pairs already placed: the plan spreads from them as from its own.</summary>
    public IReadOnlyCollection<PairPlacement> Beside { get; init; } = [];

    /// <summary>The spec generation the reservations are recorded with on the node grains.</summary>
    public required long Generation { get; init; }

    /// <summary>The reservations a complete plan asks for, one per replica.</summary>
    public required Func<PlacementPlan, ReservationIntent[]> IntentsOf { get; init; }

    /// <summary>The record written before the first reservation (its <c>Pending</c> the intents): a silo that dies half-way leaves what to release.</summary>
    public required Func<ReservationIntent[], DeploymentRecord> Reserving { get; init; }

    /// <summary>The record once every reservation holds, on the given attempt (1-based); <c>Pending</c> empty.</summary>
    public required Func<PlacementPlan, int, DeploymentRecord> Recorded { get; init; }
}
