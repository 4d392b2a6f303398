using ControlPlane.Agent.Hosting;
using ControlPlane.Agent.Infiniband;
using ControlPlane.Agent.Nvml;
using ControlPlane.Agent.Pci;
using ControlPlane.Agent.Smi;
using ControlPlane.Agent.Versions;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Agent.Collection;

/// <summary>
/// Collects the live node: GPUs through NVML (nvidia-smi when NVML cannot be loaded, zero GPUs with a note when
/// neither answers), RDMA ports and PCI affinity from sysfs, versions from NVML, /proc, /etc and libnccl.
/// </summary>
internal sealed class NodeCollector : IDisposable
{
    private readonly HostPaths _paths;
    private readonly PciTopology _pci;
    private readonly IGpuSource _gpus;
    private readonly NvmlXidWatcher? _xids;
    private readonly List<string> _startupNotes = [];

    private NodeCollector(HostPaths paths, bool watchXids)
    {
        _paths = paths;
        _pci = new PciTopology(paths);
        var nvml = NvmlApi.TryOpen(out var whyNot);
        if (nvml is null)
        {
            _startupNotes.Add($"NVML unavailable, using nvidia-smi: {whyNot}");
            _gpus = new SmiGpuSource(paths, _pci, ToolRunner.Default);
            return;
        }

        if (watchXids)
        {
            _xids = NvmlXidWatcher.TryStart(nvml, out var noXids);
            if (noXids is not null)
            {
                _startupNotes.Add(noXids);
            }
        }

        _gpus = new NvmlGpuSource(nvml, _pci, _xids);
    }

    public static NodeCollector Open(HostPaths paths, bool watchXids) => new(paths, watchXids);

    public NodeFacts Collect()
    {
        var inventory = _gpus.Collect();
        var notes = new List<string>(_startupNotes);
        notes.AddRange(inventory.Notes);
        var nics = new InfinibandSysfs(_paths, _pci).Collect();
        var topology = TopologyComposer.Compose(inventory, nics, _pci, notes);
        var host = new HostVersions(_paths);
        var nccl = NcclLibrary.TryGetVersion();
        if (nccl is null)
        {
            notes.Add($"{NcclLibrary.LibraryName} not found: NCCL version unknown");
        }

        return new NodeFacts
        {
            Gpus = inventory,
            Nics = nics,
            Topology = topology,
            Versions = new SoftwareVersions
            {
                Driver = inventory.Driver ?? "",
                Cuda = inventory.Cuda ?? "",
                Nccl = nccl,
                Kernel = host.Kernel,
                Os = host.Os,
            },
            Notes = notes,
        };
    }

    /// <summary>The server accepted <paramref name="report"/>: its XIDs need not be sent again.</summary>
    public void Acknowledge(ProbeReport report) => _xids?.Acknowledge(report);

    public void Dispose() => _gpus.Dispose();
}
