namespace ControlPlane.Wire.Deployments;

/// <summary>
/// Where a deployment is on its way to running pods. JSON carries the names; the explicit values keep
/// the members persisted before the reconciler (Placed, Unplaceable) readable.
/// </summary>
public enum DeploymentStatus
{
    /// <summary>Every pair is placed and its GPUs reserved; nothing applied (plan-only mode says so in the message).</summary>
    Placed = 0,

    /// <summary>The spec fits nowhere right now; nothing is reserved; see the rejections.</summary>
    Unplaceable = 1,

    /// <summary>The spec is accepted and its GPUs are being reserved.</summary>
    Pending = 2,

    /// <summary>The objects are applied; waiting for every pair's pods to be Ready.</summary>
    Applying = 3,

    /// <summary>Every pair is Running: both of its pods are Ready.</summary>
    Running = 4,

    /// <summary>At least one pair is Degraded (a pod restarted, or not Ready for too long) or Failed.</summary>
    Degraded = 5,

    /// <summary>The API server refused the objects (the message has its answer); the GPUs stay reserved and the apply is retried with back-off.</summary>
    ApplyFailed = 6,

    /// <summary>The objects are deleted; the GPUs are released once the pods are observed gone.</summary>
    Deleting = 7,
}
