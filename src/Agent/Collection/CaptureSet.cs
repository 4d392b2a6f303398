using ControlPlane.Probes.Infiniband;
using ControlPlane.Probes.Proc;
using ControlPlane.Probes.Smi;
using ControlPlane.Probes.Topology;

namespace ControlPlane.Agent.Collection;

/// <summary>
/// The parsed outputs of the tools a node can run, each null when it was not captured (a tool missing on the node,
/// a file missing from a support bundle): the input of <see cref="CaptureInventory"/>.
/// </summary>
internal sealed record CaptureSet
{
    public TopologyMatrix? Topology { get; init; }
    public NvidiaSmiReport? SmiXml { get; init; }
    public QueryGpuTable? QueryCsv { get; init; }
    public GpuList? GpuList { get; init; }
    public NvLinkStatus? NvLinks { get; init; }
    public ProcGpuInformationList? ProcGpus { get; init; }
    public NvidiaDriverVersion? ProcVersion { get; init; }
    public CudaToolkitVersion? Nvcc { get; init; }
    public IbPortMap? IbDev2NetDev { get; init; }
    public IbStatReport? IbStat { get; init; }

    public bool HasGpuFacts => SmiXml is not null || QueryCsv is not null || GpuList is not null || ProcGpus is not null;
}
