using ControlPlane.Wire.Probes;

namespace ControlPlane.Simulation;

/// <summary>
/// A kind of GPU node the simulator can stamp out: its GPUs, NICs and the link matrix between
/// them, written as <c>nvidia-smi topo -m</c> rows (GPUs first, then NICs).
/// </summary>
public sealed record NodeTemplate
{
    public required string Name { get; init; }
    public required string Pool { get; init; }
    public required string GpuModel { get; init; }
    public required string ComputeCapability { get; init; }
    public required long MemoryMiB { get; init; }
    public required double PowerLimitW { get; init; }
    public required int NvLinksPerGpu { get; init; }
    public required string[] TopologyRows { get; init; }
    public required int[] GpuNuma { get; init; }
    public required string[] GpuCpuAffinity { get; init; }
    public NicReport[] Nics { get; init; } = [];
    public required SoftwareVersions Versions { get; init; }

    /// <summary>
    /// Each rack is one multi-node NVLink domain (a GB200/GB300 NVL72 rack): every GPU reports its fabric registered
    /// (Completed, Success) under a cluster UUID of its rack. Other templates report no fabric.
    /// </summary>
    public bool NvlinkDomainPerRack { get; init; }

    public int GpuCount => GpuNuma.Length;
}
