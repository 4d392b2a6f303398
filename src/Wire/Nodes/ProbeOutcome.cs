namespace ControlPlane.Wire.Nodes;

public enum ProbeOutcome
{
    /// <summary>Stored as the node's latest report.</summary>
    Accepted,

    /// <summary>Same sequence as the last accepted report: a retry, acknowledged, nothing changed.</summary>
    Duplicate,

    /// <summary>Older than the last accepted report: refused, nothing changed.</summary>
    Stale,

    /// <summary>It names a GPU another node still reports (<see cref="ProbeAck.GpuConflicts"/>): refused, nothing changed.</summary>
    GpuConflict,
}
