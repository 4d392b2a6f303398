namespace ControlPlane.Wire.Deployments;

/// <summary>Life of one prefill/decode pair.</summary>
public enum PairState
{
    /// <summary>Placed and its GPUs reserved; objects not applied yet (or plan-only mode).</summary>
    Planned,

    /// <summary>Its objects were applied to Kubernetes.</summary>
    Bound,

    Running,

    /// <summary>Running on a slower wire than planned, or one of its devices is degraded.</summary>
    Degraded,

    Failed,

    /// <summary>Superseded by a new pair (failover or re-placement); its GPUs are released.</summary>
    Replaced,
}
