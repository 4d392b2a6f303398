using ControlPlane.Wire.Placement;

namespace ControlPlane.Wire.Deployments;

/// <summary><c>GET /api/v1/deployments/{name}</c>: the spec, where every pair runs, and how fast its KV transfer is.</summary>
[GenerateSerializer, Immutable, Alias("cp.DeploymentView")]
public sealed record DeploymentView
{
    [Id(0)] public required string Name { get; set; }
    [Id(1)] public required DeploymentSpec Spec { get; set; }
    [Id(2)] public required DeploymentStatus Status { get; set; }
    [Id(3)] public PairView[] Pairs { get; set; } = [];
    [Id(4)] public NodeRejection[] Rejections { get; set; } = [];
    [Id(5)] public string? Message { get; set; }
    [Id(6)] public long Generation { get; set; }
    [Id(7)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Pairs taken out (shrunk, moved, deleted) whose pods are still terminating; their GPUs are still reserved.</summary>
    [Id(8)] public PairView[] Removing { get; set; } = [];

    /// <summary>Warm spares (<see cref="DeploymentSpec.Spares"/>): placed, applied and observed like pairs, not serving (no router, no endpoints).</summary>
    [Id(9)] public PairView[] Spares { get; set; } = [];

    /// <summary>
    /// The last <see cref="Generation"/> the deployment fully reached (Running, or Placed in plan-only mode); behind
    /// <see cref="Generation"/> while a spec change is still being reconciled.
    /// </summary>
    [Id(10)] public long ObservedGeneration { get; set; }
}
