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
}

/// <summary>A fault injected into a simulated node for tests and demos.</summary>
public sealed record SimulatedFault(SimulatedFaultKind Kind, int Gpu = 0, int Xid = 79, string? Nic = null);
