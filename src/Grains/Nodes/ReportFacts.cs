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

        if (!(a.Pool == b.Pool && a.Rack == b.Rack && a.Versions == b.Versions && a.AgentVersion == b.AgentVersion && a.Source == b.Source
            && a.Notes.AsSpan().SequenceEqual(b.Notes) && SameMatrix(a, b) && SameNics(a.Nics, b.Nics) && a.Gpus.Length == b.Gpus.Length))
        {
            return false;
        }

        for (var i = 0; i < a.Gpus.Length; i++)
        {
            if (!SameGpu(a.Gpus[i], b.Gpus[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The GPU of that UUID in a report's list; a loop, not a capturing lambda: it runs for every GPU of every report.</summary>
    public static GpuReport? GpuByUuid(GpuReport[] gpus, string uuid)
    {
        foreach (var gpu in gpus)
        {
            if (gpu.Uuid == uuid)
            {
                return gpu;
            }
        }

        return null;
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
        var nics = SameNics(previous.Nics, report.Nics) ? previous.Nics : report.Nics;
        var gpus = report.Gpus;
        for (var i = 0; i < gpus.Length; i++)
        {
            var gpu = report.Gpus[i];
            var before = i < previous.Gpus.Length && previous.Gpus[i].Uuid == gpu.Uuid ? previous.Gpus[i] : null;
            if (before is null || SharesFacts(before, gpu))
            {
                continue;
            }

            if (ReferenceEquals(gpus, report.Gpus))
            {
                gpus = (GpuReport[])report.Gpus.Clone();
            }

            gpus[i] = gpu with
            {
                Uuid = before.Uuid,
                PciBusId = before.PciBusId == gpu.PciBusId ? before.PciBusId : gpu.PciBusId,
                Model = before.Model == gpu.Model ? before.Model : gpu.Model,
                ComputeCapability = before.ComputeCapability == gpu.ComputeCapability ? before.ComputeCapability : gpu.ComputeCapability,
                CpuAffinity = before.CpuAffinity == gpu.CpuAffinity ? before.CpuAffinity : gpu.CpuAffinity,
                NvLinks = before.NvLinks.AsSpan().SequenceEqual(gpu.NvLinks) ? before.NvLinks : gpu.NvLinks,
                NvLinksDown = before.NvLinksDown.AsSpan().SequenceEqual(gpu.NvLinksDown) ? before.NvLinksDown : gpu.NvLinksDown,
                Ecc = before.Ecc == gpu.Ecc ? before.Ecc : gpu.Ecc,
                RemappedRows = before.RemappedRows == gpu.RemappedRows ? before.RemappedRows : gpu.RemappedRows,
            };
        }

        if (ReferenceEquals(topology, report.Topology) && ReferenceEquals(nics, report.Nics) && ReferenceEquals(gpus, report.Gpus)
            && ReferenceEquals(previous.Node, report.Node) && ReferenceEquals(previous.Versions, report.Versions) && ReferenceEquals(previous.AgentVersion, report.AgentVersion)
            && ReferenceEquals(previous.Source, report.Source) && ReferenceEquals(previous.Pool, report.Pool) && ReferenceEquals(previous.Rack, report.Rack)
            && ReferenceEquals(previous.Notes, report.Notes))
        {
            // Read against the previous report (ProbeBodyReader): everything unchanged already is the previous object.
            return report;
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
            Notes = previous.Notes.AsSpan().SequenceEqual(report.Notes) ? previous.Notes : report.Notes,
        };
    }

    /// <summary>Every fact part of the GPU is already the previous report's object (a reader that reused them, or an earlier share).</summary>
    private static bool SharesFacts(GpuReport before, GpuReport gpu) =>
        ReferenceEquals(before.Uuid, gpu.Uuid) && ReferenceEquals(before.PciBusId, gpu.PciBusId) && ReferenceEquals(before.Model, gpu.Model)
        && ReferenceEquals(before.ComputeCapability, gpu.ComputeCapability) && ReferenceEquals(before.CpuAffinity, gpu.CpuAffinity)
        && ReferenceEquals(before.NvLinks, gpu.NvLinks) && ReferenceEquals(before.NvLinksDown, gpu.NvLinksDown)
        && ReferenceEquals(before.Ecc, gpu.Ecc) && ReferenceEquals(before.RemappedRows, gpu.RemappedRows);

    private static bool SameNics(NicReport[] a, NicReport[] b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameMatrix(ProbeReport a, ProbeReport b)
    {
        if (ReferenceEquals(a.Topology, b.Topology))
        {
            return true;
        }

        if (!a.Topology.Devices.AsSpan().SequenceEqual(b.Topology.Devices) || a.Topology.Links.Length != b.Topology.Links.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Topology.Links.Length; i++)
        {
            if (!a.Topology.Links[i].AsSpan().SequenceEqual(b.Topology.Links[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameGpu(GpuReport a, GpuReport b)
    {
        if (!(a.Uuid == b.Uuid && a.Index == b.Index && a.Minor == b.Minor && a.PciBusId == b.PciBusId
            && a.Model == b.Model && a.ComputeCapability == b.ComputeCapability && a.MemoryTotalMiB == b.MemoryTotalMiB
            && a.NumaNode == b.NumaNode && a.CpuAffinity == b.CpuAffinity
            && a.NvLinkCount == b.NvLinkCount && a.NvLinksDown.AsSpan().SequenceEqual(b.NvLinksDown) && a.NvLinks.Length == b.NvLinks.Length))
        {
            return false;
        }

        for (var i = 0; i < a.NvLinks.Length; i++)
        {
            if (a.NvLinks[i].Link != b.NvLinks[i].Link || a.NvLinks[i].Active != b.NvLinks[i].Active)
            {
                return false;
            }
        }

        return true;
    }
}
