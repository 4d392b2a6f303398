using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Grains.Deployments;

/// <summary>The persisted state of a deployment grain.</summary>
[GenerateSerializer, Immutable, Alias("cp.DeploymentRecord")]
public sealed record DeploymentRecord
{
    [Id(0)] public DeploymentSpec? Spec { get; init; }
    [Id(1)] public DeploymentStatus Status { get; init; }
    [Id(2)] public PairView[] Pairs { get; init; } = [];
    [Id(3)] public NodeRejection[] Rejections { get; init; } = [];
    [Id(4)] public string? Message { get; init; }
    [Id(5)] public long Generation { get; init; }
    [Id(6)] public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>
    /// Reservations being made right now, written before the first one: if the silo dies half-way,
    /// the next activation releases them, so no GPU stays held by a placement nobody recorded.
    /// </summary>
    [Id(7)] public ReservationIntent[] Pending { get; init; } = [];

    /// <summary>Consecutive refused applies (the back-off grows with it) and when to try again.</summary>
    [Id(8)] public int ApplyAttempts { get; init; }
    [Id(9)] public DateTimeOffset? RetryAt { get; init; }

    /// <summary>
    /// Pairs taken out of the spec (shrunk, moved or deleted) whose objects are deleted: their GPUs are released only
    /// once their pods are observed gone, never while a pod may still run on them.
    /// </summary>
    [Id(10)] public PairView[] Removing { get; init; } = [];

    /// <summary>While Deleting: whether the API server accepted the delete (if not, the next tick asks again).</summary>
    [Id(11)] public bool DeleteSent { get; init; }

    /// <summary>The deployment-wide objects (the PD router's list of pairs, the budget) no longer match the pairs: apply them again.</summary>
    [Id(12)] public bool SharedStale { get; init; }

    /// <summary>Warm spares: placed, applied and observed like pairs, serving nowhere until a failover swaps one in.</summary>
    [Id(13)] public PairView[] Spares { get; init; } = [];

    /// <summary>Where the search for the next spare number starts (<c>spare-{n}</c>); a number still in use is skipped.</summary>
    [Id(14)] public int NextSpare { get; init; }

    /// <summary>
    /// The deployment's own labels changed: apply every object again. Server-side apply changes labels in place, so the
    /// pods keep running where they are (only the router's Deployment rolls, as any pod template change does).
    /// </summary>
    [Id(15)] public bool Relabel { get; init; }

    /// <summary>
    /// The trace (W3C traceparent) of the change whose objects wait to be applied (a failover's replacement waits for the
    /// old pods to go): the apply, in a later turn, is a span of that trace. Cleared once applied.
    /// </summary>
    [Id(16)] public string? ApplyTrace { get; init; }

    /// <summary>The last <see cref="Generation"/> reached: stamped by every write whose status is Running (or Placed, plan-only).</summary>
    [Id(17)] public long ObservedGeneration { get; init; }
}

[GenerateSerializer, Immutable, Alias("cp.ReservationIntent")]
public sealed record ReservationIntent
{
    [Id(0)] public required string Node { get; init; }
    [Id(1)] public required string Owner { get; init; }
    [Id(2)] public required int[] GpuIndices { get; init; }
}
