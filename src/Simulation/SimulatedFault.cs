namespace ControlPlane.Simulation;

public enum SimulatedFaultKind
{
    /// <summary>One XID on one GPU, reported once.</summary>
    Xid,

    /// <summary>A NIC port goes Down until cleared.</summary>
    NicDown,

    /// <summary>The agent stops reporting until cleared.</summary>
    AgentSilent,

    /// <summary>A GPU runs hot until cleared.</summary>
    Overheat,

    /// <summary>
    /// One GPU runs at 95–98 % while its siblings do not, until cleared: the "GPU 0 syndrome" of a tensor-parallel replica
    /// (field reports: GPU 0 at 95–98 % while GPU 7 idles at 45–58 %).
    /// </summary>
    Hotspot,

    /// <summary>
    /// A GB200/GB300 tray leaves its multi-node NVLink domain until cleared: its GPUs' fabric registration drops back to
    /// <c>In Progress</c> (the fabric manager re-registering them) while they still name the rack's cluster UUID and clique,
    /// as <c>nvmlDeviceGetGpuFabricInfoV</c> reports a GPU the NVLink switch trays lost. Only for trays of such a domain.
    /// </summary>
    LeaveNvlinkDomain,
}

/// <summary>A fault injected into a simulated node for tests and demos.</summary>
public sealed record SimulatedFault(SimulatedFaultKind Kind, int Gpu = 0, int Xid = 79, string? Nic = null);
