using ControlPlane.Probes.Topology;
using ControlPlane.Wire.Probes;
using ControlPlane.Wire.Topology;

namespace ControlPlane.Agent.Collection;

/// <summary>The GPU cells and NIC columns of a parsed <c>nvidia-smi topo -m</c>, ordered like the reported GPUs.</summary>
internal static class CaptureTopology
{
    public static (string[][]? GpuLinks, IReadOnlyList<NicAffinity> Nics) From(TopologyMatrix? topology, IReadOnlyList<GpuReport> gpus, List<string> notes)
    {
        if (topology is null)
        {
            return (null, []);
        }

        var names = gpus.Select(g => LinkMatrix.GpuName(g.Index)).ToArray();
        var missing = names.Where(n => !topology.Gpus.Contains(n)).ToList();
        if (missing.Count > 0)
        {
            notes.Add($"topo -m lacks {string.Join(", ", missing)}: link matrix left out");
            return (null, []);
        }

        var links = names.Select(a => names.Select(b => topology.LinkBetween(a, b).Label).ToArray()).ToArray();
        var nics = topology.Nics
            .Select((nic, position) => new NicAffinity(
                topology.NicDeviceName(nic) ?? nic,
                position,
                [.. names.Select(g => topology.LinkBetween(nic, g).Label)],
                [.. topology.Nics.Select(other => topology.LinkBetween(nic, other).Label)]))
            .ToList();
        return (links, nics);
    }
}
