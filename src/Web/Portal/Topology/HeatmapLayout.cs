using ControlPlane.Wire.Nodes;
using ControlPlane.Wire.Probes;
using ControlPlane.Wire.Topology;

namespace ControlPlane.Web.Portal.Topology;

/// <summary>
/// A device of the heatmap: its name, its row in the link matrix, its NUMA node (null when unknown) and,
/// for a NIC, whether a port of it is Down (its links then carry nothing, whatever the matrix says).
/// </summary>
public sealed record HeatmapDevice(string Name, int MatrixIndex, int? Numa, bool IsGpu, bool IsDown = false);

/// <summary>
/// The order the heatmap shows a node's devices in: grouped by NUMA node (GPUs, then NICs, within
/// each), so the blocks along the diagonal are what stays inside one socket.
/// </summary>
public static class HeatmapLayout
{
    public static IReadOnlyList<HeatmapDevice> Devices(LinkMatrix topology, IEnumerable<GpuState> gpus, IEnumerable<NicState> nics)
    {
        var gpuNuma = gpus.ToDictionary(g => LinkMatrix.GpuName(g.Report.Index), g => g.Report.NumaNode, StringComparer.Ordinal);
        var nicNuma = new Dictionary<string, int?>(StringComparer.Ordinal);
        var down = new HashSet<string>(StringComparer.Ordinal);
        foreach (var nic in nics)
        {
            nicNuma.TryAdd(nic.Report.Device, nic.Report.NumaNode);
            if (nic.Report.State == PortState.Down)
            {
                down.Add(nic.Report.Device);
            }
        }

        return [.. topology.Devices
            .Select((name, i) => gpuNuma.TryGetValue(name, out var g)
                ? new HeatmapDevice(name, i, g, IsGpu: true)
                : new HeatmapDevice(name, i, nicNuma.GetValueOrDefault(name), IsGpu: name.StartsWith("GPU", StringComparison.Ordinal), IsDown: down.Contains(name)))
            .OrderBy(d => d.Numa ?? int.MaxValue)
            .ThenBy(d => d.IsGpu ? 0 : 1)
            .ThenBy(d => d.MatrixIndex)];
    }

    /// <summary>Consecutive runs of devices on one NUMA node: the column groups of the heatmap's header.</summary>
    public static IEnumerable<(int? Numa, int Count)> NumaGroups(IReadOnlyList<HeatmapDevice> devices)
    {
        var i = 0;
        while (i < devices.Count)
        {
            var numa = devices[i].Numa;
            var start = i;
            while (i < devices.Count && devices[i].Numa == numa)
            {
                i++;
            }

            yield return (numa, i - start);
        }
    }
}
