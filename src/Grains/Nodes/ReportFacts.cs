using ControlPlane.Wire.Probes;

namespace ControlPlane.Grains.Nodes;

/// <summary>
/// Whether two reports describe the same node: same devices, wiring, versions and port states.
/// Telemetry (temperature, utilisation, power, memory used) is not a fact.
/// </summary>
internal static class ReportFacts
{
    public static bool Same(ProbeReport? a, ProbeReport b)
    {
        if (a is null)
        {
            return false;
        }

        return a.Pool == b.Pool && a.Rack == b.Rack && a.Versions == b.Versions && a.AgentVersion == b.AgentVersion && a.Source == b.Source
            && a.Notes.SequenceEqual(b.Notes, StringComparer.Ordinal)
            && SameMatrix(a, b)
            && a.Gpus.Length == b.Gpus.Length
            && a.Gpus.Zip(b.Gpus).All(g => SameGpu(g.First, g.Second))
            && a.Nics.Length == b.Nics.Length
            && a.Nics.Zip(b.Nics).All(n => n.First == n.Second);
    }

    /// <summary>
    /// The new report, sharing the previous report's unchanged parts (matrix, NICs, versions, each
    /// GPU's NVLink states). A node grain keeps its latest report until the next one: without this,
    /// every report's whole object graph outlives a young-generation GC and is promoted, which at
    /// thousands of reports a second costs more CPU than the rest of ingestion together.
    /// </summary>
    public static ProbeReport ShareUnchanged(ProbeReport? previous, ProbeReport report)
    {
        if (previous is null)
        {
            return report;
        }

        var topology = SameMatrix(previous, report) ? previous.Topology : report.Topology;
        var nics = previous.Nics.Length == report.Nics.Length && previous.Nics.Zip(report.Nics).All(n => n.First == n.Second) ? previous.Nics : report.Nics;
        var gpus = new GpuReport[report.Gpus.Length];
        for (var i = 0; i < gpus.Length; i++)
        {
            var gpu = report.Gpus[i];
            var before = i < previous.Gpus.Length && previous.Gpus[i].Uuid == gpu.Uuid ? previous.Gpus[i] : null;
            gpus[i] = before is null ? gpu : gpu with
            {
                Uuid = before.Uuid,
                PciBusId = before.PciBusId == gpu.PciBusId ? before.PciBusId : gpu.PciBusId,
                Model = before.Model == gpu.Model ? before.Model : gpu.Model,
                ComputeCapability = before.ComputeCapability == gpu.ComputeCapability ? before.ComputeCapability : gpu.ComputeCapability,
                CpuAffinity = before.CpuAffinity == gpu.CpuAffinity ? before.CpuAffinity : gpu.CpuAffinity,
                NvLinks = before.NvLinks.SequenceEqual(gpu.NvLinks) ? before.NvLinks : gpu.NvLinks,
                NvLinksDown = before.NvLinksDown.SequenceEqual(gpu.NvLinksDown) ? before.NvLinksDown : gpu.NvLinksDown,
                Ecc = before.Ecc == gpu.Ecc ? before.Ecc : gpu.Ecc,
                RemappedRows = before.RemappedRows == gpu.RemappedRows ? before.RemappedRows : gpu.RemappedRows,
            };
        }

        return report with
        {
            Node = previous.Node,
            Topology = topology,
            Nics = nics,
            Gpus = gpus,
            Versions = previous.Versions == report.Versions ? previous.Versions : report.Versions,
            AgentVersion = previous.AgentVersion == report.AgentVersion ? previous.AgentVersion : report.AgentVersion,
            Source = previous.Source == report.Source ? previous.Source : report.Source,
            Pool = previous.Pool == report.Pool ? previous.Pool : report.Pool,
            Rack = previous.Rack == report.Rack ? previous.Rack : report.Rack,
            Notes = previous.Notes.SequenceEqual(report.Notes, StringComparer.Ordinal) ? previous.Notes : report.Notes,
        };
    }

    private static bool SameMatrix(ProbeReport a, ProbeReport b) =>
        a.Topology.Devices.SequenceEqual(b.Topology.Devices, StringComparer.Ordinal)
        && a.Topology.Links.Length == b.Topology.Links.Length
        && a.Topology.Links.Zip(b.Topology.Links).All(rows => rows.First.SequenceEqual(rows.Second, StringComparer.Ordinal));

    private static bool SameGpu(GpuReport a, GpuReport b) =>
        a.Uuid == b.Uuid && a.Index == b.Index && a.Minor == b.Minor && a.PciBusId == b.PciBusId
        && a.Model == b.Model && a.ComputeCapability == b.ComputeCapability && a.MemoryTotalMiB == b.MemoryTotalMiB
        && a.NumaNode == b.NumaNode && a.CpuAffinity == b.CpuAffinity
        && a.NvLinks.Select(l => (l.Link, l.Active)).SequenceEqual(b.NvLinks.Select(l => (l.Link, l.Active)))
        && a.NvLinkCount == b.NvLinkCount && a.NvLinksDown.SequenceEqual(b.NvLinksDown);
}
