namespace ControlPlane.Wire.Topology;

/// <summary>
/// How two devices of one node are connected, as <c>nvidia-smi topo -m</c> names it, best first.
/// </summary>
public enum LinkKind
{
    /// <summary><c>X</c>: the device itself.</summary>
    Self,

    /// <summary><c>NV#</c>: a bonded set of # NVLinks.</summary>
    NvLink,

    /// <summary><c>PIX</c>: at most a single PCIe bridge.</summary>
    Pix,

    /// <summary><c>PXB</c>: multiple PCIe bridges, no host bridge.</summary>
    Pxb,

    /// <summary><c>PHB</c>: through a PCIe host bridge (the CPU).</summary>
    Phb,

    /// <summary><c>NODE</c>: between host bridges within one NUMA node.</summary>
    Node,

    /// <summary><c>SYS</c>: across the SMP interconnect between NUMA nodes.</summary>
    Sys,
}
