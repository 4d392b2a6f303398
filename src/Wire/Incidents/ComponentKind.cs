namespace ControlPlane.Wire.Incidents;

/// <summary>The kind of thing an incident blames, from the narrowest to the widest.</summary>
public enum ComponentKind
{
    Gpu,
    Nic,
    Node,
    Pool,

    /// <summary>The pair itself (its configuration, e.g. an NCCL setting), no hardware.</summary>
    Pair,
}
