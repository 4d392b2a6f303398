using ControlPlane.Contracts.Probes;

namespace ControlPlane.Grains.Nodes;

/// <summary>
/// Whether two reports describe the same node: same devices, wiring, versions and port states.
/// Telemetry (temperature, utilisation, power, memory used) is not a fact.
/// </summary>
public static class ReportFacts
{
    public static bool Same(ProbeReport? a, ProbeReport b)
    {
        if (a is null)
        {
            return false;
        }

        return a.Pool == b.Pool && a.Rack == b.Rack && a.Versions == b.Versions && a.AgentVersion == b.AgentVersion && a.Source == b.Source
            && a.Notes.SequenceEqual(b.Notes, StringComparer.Ordinal)
            && a.Topology.Devices.SequenceEqual(b.Topology.Devices, StringComparer.Ordinal)
            && a.Topology.Links.Length == b.Topology.Links.Length
            && a.Topology.Links.Zip(b.Topology.Links).All(rows => rows.First.SequenceEqual(rows.Second, StringComparer.Ordinal))
            && a.Gpus.Length == b.Gpus.Length
            && a.Gpus.Zip(b.Gpus).All(g => SameGpu(g.First, g.Second))
            && a.Nics.Length == b.Nics.Length
            && a.Nics.Zip(b.Nics).All(n => n.First == n.Second);
    }

    private static bool SameGpu(GpuReport a, GpuReport b) =>
        a.Uuid == b.Uuid && a.Index == b.Index && a.Minor == b.Minor && a.PciBusId == b.PciBusId
        && a.Model == b.Model && a.ComputeCapability == b.ComputeCapability && a.MemoryTotalMiB == b.MemoryTotalMiB
        && a.NumaNode == b.NumaNode && a.CpuAffinity == b.CpuAffinity
        && a.NvLinks.Select(l => (l.Link, l.Active)).SequenceEqual(b.NvLinks.Select(l => (l.Link, l.Active)));
}
