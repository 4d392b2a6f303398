using ControlPlane.Agent.Pci;
using ControlPlane.Wire.Probes;
using ControlPlane.Wire.Topology;

namespace ControlPlane.Agent.Collection;

/// <summary>
/// The report's link matrix: GPUs by host index, then RDMA devices by name. GPU cells come from the GPU source;
/// NIC cells from PCI placement in sysfs when both ends can be located, else from <c>topo -m</c>'s NIC columns.
/// A NIC whose placement is unknown is left out of the matrix (and noted), never guessed.
/// </summary>
internal static class TopologyComposer
{
    public static LinkMatrix Compose(GpuInventory inventory, IReadOnlyList<NicReport> nics, PciTopology? pci, List<string> notes)
    {
        var gpus = inventory.Gpus;
        if (inventory.GpuLinks is null)
        {
            if (gpus.Count > 0)
            {
                notes.Add($"{inventory.Source}: GPU link matrix unknown");
            }

            return LinkMatrix.Empty;
        }

        var gpuPlaces = gpus.Select(g => pci?.Locate(g.PciBusId)).ToArray();
        var devices = new List<NicColumn>();
        foreach (var device in nics.GroupBy(n => n.Device, StringComparer.Ordinal))
        {
            var column = NicColumn.Of(device.Key, [.. device], inventory, gpus, gpuPlaces, pci);
            if (column is null)
            {
                notes.Add($"{device.Key}: PCI placement unknown, left out of the link matrix");
            }
            else
            {
                devices.Add(column);
            }
        }

        // topo -m NIC columns no RDMA port matched (a capture without ibstat/ibdev2netdev) still carry affinity.
        foreach (var reported in inventory.NicAffinities.Where(a => devices.All(d => d.Reported != a)))
        {
            devices.Add(new NicColumn(reported.Name, [.. reported.ToGpus], null, reported));
        }

        var size = gpus.Count + devices.Count;
        var links = new string[size][];
        for (var i = 0; i < size; i++)
        {
            links[i] = new string[size];
            for (var j = 0; j < size; j++)
            {
                links[i][j] = i == j ? "X"
                    : i < gpus.Count && j < gpus.Count ? inventory.GpuLinks[i][j]
                    : i < gpus.Count ? devices[j - gpus.Count].ToGpus[i]
                    : j < gpus.Count ? devices[i - gpus.Count].ToGpus[j]
                    : NicColumn.Between(devices[i - gpus.Count], devices[j - gpus.Count]);
            }
        }

        return new LinkMatrix
        {
            Devices = [.. gpus.Select(g => LinkMatrix.GpuName(g.Index)), .. devices.Select(d => d.Device)],
            Links = links,
        };
    }

    private sealed record NicColumn(string Device, string[] ToGpus, PciLocation? Place, NicAffinity? Reported)
    {
        public static NicColumn? Of(
            string device, IReadOnlyList<NicReport> ports, GpuInventory inventory, IReadOnlyList<GpuReport> gpus, PciLocation?[] gpuPlaces, PciTopology? pci)
        {
            var busId = ports.Select(p => p.PciBusId).FirstOrDefault(b => b is not null);
            var place = busId is null ? null : pci?.Locate(busId);
            var reported = inventory.NicAffinities.FirstOrDefault(a =>
                a.Name == device || ports.Any(p => p.Netdev is not null && p.Netdev == a.Name));
            if (place is not null && gpuPlaces.All(g => g is not null))
            {
                return new NicColumn(device, [.. gpuPlaces.Select(g => new TopologyLink(PciTopology.Between(place, g!)).ToString())], place, reported);
            }

            return reported is null ? null : new NicColumn(device, [.. reported.ToGpus], null, reported);
        }

        public static string Between(NicColumn a, NicColumn b)
        {
            if (a.Place is not null && b.Place is not null)
            {
                return new TopologyLink(PciTopology.Between(a.Place, b.Place)).ToString();
            }

            // Both from topo -m: a NIC row's cells follow the NIC columns' order. A NIC located through sysfs paired
            // with one known only from topo -m (not seen on a real node) is reported as the worst kind, SYS.
            return a.Reported is not null && b.Reported is not null && b.Reported.Position < a.Reported.ToNics.Count
                ? a.Reported.ToNics[b.Reported.Position]
                : "SYS";
        }
    }
}
