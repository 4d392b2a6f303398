namespace ControlPlane.Wire.Deployments;

public enum DeploymentStatus
{
    /// <summary>Every pair is placed and its GPUs reserved.</summary>
    Placed,

    /// <summary>The spec fits nowhere right now; nothing is reserved; see the rejections.</summary>
    Unplaceable,
}
