using System.Globalization;
using ControlPlane.Agent.Pci;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Agent.Collection;

/// <summary>
/// Joins the GPU facts of nvidia-smi's outputs and /proc by GPU UUID: identity from whichever capture has it
/// (<c>--query-gpu</c>, <c>-q -x</c>, <c>-L</c>, /proc), telemetry and error counters from <c>-q -x</c> and the CSV,
/// NVLinks from <c>nvlink -s</c>, the link matrix and NIC columns from <c>topo -m</c>.
/// </summary>
internal static class CaptureInventory
{
    public static GpuInventory Build(CaptureSet captures, string source)
    {
        var notes = new List<string>();
        var facts = GpuFacts.Join(captures);
        var gpus = new List<GpuReport>();
        foreach (var gpu in facts.OrderBy(f => f.Index ?? int.MaxValue).ThenBy(f => f.Uuid, StringComparer.Ordinal))
        {
            if (gpu.ToReport(captures, notes) is { } report)
            {
                gpus.Add(report);
            }
        }

        var (links, nics) = CaptureTopology.From(captures.Topology, gpus, notes);
        return new GpuInventory
        {
            Source = source,
            Gpus = gpus,
            GpuLinks = links,
            NicAffinities = nics,
            Driver = captures.SmiXml?.DriverVersion
                ?? captures.QueryCsv?.Gpus.Select(g => g.DriverVersion).FirstOrDefault(v => v is not null)
                ?? captures.ProcVersion?.DriverVersion,
            Cuda = captures.SmiXml?.CudaVersion,
            Notes = notes,
        };
    }

    internal static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string NvmlBusId(string busId) => PciAddress.ToNvml(busId);
}
