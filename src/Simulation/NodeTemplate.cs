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

    public int GpuCount => GpuNuma.Length;
}
