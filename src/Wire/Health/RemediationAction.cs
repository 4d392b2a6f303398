namespace ControlPlane.Wire.Health;

/// <summary>What an operator (or failover) should do about a fault, least disruptive first.</summary>
public enum RemediationAction
{
    None,
    Monitor,
    RestartWorkload,
    ResetGpu,
    DrainNode,
    RebootNode,
    CheckNic,
    ReplaceGpu,

    /// <summary>The GPU's multi-node NVLink fabric: nvidia-fabricmanager / IMEX on the tray, the NVLink switch trays.</summary>
    CheckFabric,
}
