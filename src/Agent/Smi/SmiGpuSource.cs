using ControlPlane.Agent.Collection;
using ControlPlane.Agent.Hosting;
using ControlPlane.Agent.Pci;
using ControlPlane.Probes;
using ControlPlane.Probes.Proc;
using ControlPlane.Probes.Smi;
using ControlPlane.Probes.Topology;

namespace ControlPlane.Agent.Smi;

/// <summary>
/// The fallback when NVML cannot be loaded: runs <c>nvidia-smi</c> (<c>-q -x</c>, <c>--query-gpu</c>, <c>topo -m</c>,
/// <c>nvlink -s</c>) and reads /proc/driver/nvidia, then joins them like a replayed capture.
/// </summary>
internal sealed class SmiGpuSource(HostPaths paths, PciTopology pci, ToolRunner tools) : IGpuSource
{
    public const string SourceName = "nvidia-smi";

    public const string QueryColumns =
        "index,uuid,pci.bus_id,name,compute_cap,driver_version,memory.total,memory.used,utilization.gpu,temperature.gpu,power.draw,ecc.errors.uncorrected.volatile.total,ecc.errors.corrected.volatile.total";

    public GpuInventory Collect()
    {
        var notes = new List<string>();
        T? Run<T>(string[] arguments, Func<string, string, T> parser) where T : class
        {
            var output = tools.Run("nvidia-smi", arguments, notes);
            return output is null ? null : ParseOrNote(output, "nvidia-smi " + string.Join(' ', arguments), parser, notes);
        }

        var captures = new CaptureSet
        {
            SmiXml = Run(["-q", "-x"], NvidiaSmiXmlParser.Parse),
            QueryCsv = Run(["--query-gpu=" + QueryColumns, "--format=csv"], QueryGpuCsvParser.Parse),
            Topology = Run(["topo", "-m"], TopologyParser.Parse),
            NvLinks = Run(["nvlink", "-s"], NvLinkStatusParser.Parse),
            ProcGpus = ReadProcGpus(notes),
            ProcVersion = paths.ReadText("/proc/driver/nvidia/version") is { } version
                ? ParseOrNote(version, "/proc/driver/nvidia/version", DriverVersionParser.Parse, notes)
                : null,
        };

        if (!captures.HasGpuFacts)
        {
            return GpuInventory.None(SourceName, [.. notes, "no NVIDIA driver: neither NVML nor nvidia-smi answered; reporting zero GPUs"]);
        }

        var inventory = CaptureInventory.Build(captures, SourceName);
        var gpus = inventory.Gpus.Select(g => pci.Locate(g.PciBusId) is { } place
            ? g with { NumaNode = place.NumaNode ?? g.NumaNode, CpuAffinity = place.LocalCpus ?? g.CpuAffinity }
            : g).ToList();
        return inventory with { Gpus = gpus, Notes = [.. notes, .. inventory.Notes] };
    }

    public void Dispose()
    {
    }

    private ProcGpuInformationList? ReadProcGpus(List<string> notes)
    {
        var blocks = paths.List("/proc/driver/nvidia/gpus")
            .Select(bus => (bus, text: paths.ReadText($"/proc/driver/nvidia/gpus/{bus}/information")))
            .Where(b => b.text is not null)
            .Select(b => $"== /proc/driver/nvidia/gpus/{b.bus}\n{b.text}")
            .ToList();
        return blocks.Count == 0 ? null : ParseOrNote(string.Join('\n', blocks), "/proc/driver/nvidia/gpus/*/information", ProcGpuInformationParser.Parse, notes);
    }

    private static T? ParseOrNote<T>(string text, string name, Func<string, string, T> parser, List<string> notes) where T : class
    {
        try
        {
            return parser(text, name);
        }
        catch (ProbeParseException e)
        {
            notes.Add($"ignored unreadable output: {e.Message}");
            return null;
        }
    }
}
