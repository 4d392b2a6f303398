using ControlPlane.Wire.Fleet;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Probes;
using ControlPlane.Wire.Topology;

namespace ControlPlane.Grains.Nodes;

public static class NodeSummaryFactory
{
    public static NodeSummary From(string node, NodeRecord record, ProbeReport report) => new()
    {
        Node = node,
        Pool = report.Pool,
        Rack = report.Rack,
        Health = record.Health.Status,
        Readiness = record.Readiness,
        Cordoned = record.Cordon.Cordoned,
        GpuCount = report.Gpus.Length,
        HealthyGpus = record.Gpus.Count(g => g.Health.Status == HealthStatus.Healthy),
        GpuModel = report.Gpus.Select(g => g.Model).FirstOrDefault() ?? "",
        ComputeCapability = report.Gpus.Select(g => g.ComputeCapability).FirstOrDefault() ?? "",
        Interconnect = BestGpuLink(report)?.ToString() ?? "",
        ActiveNics = report.Nics.Count(n => n.State == PortState.Active),
        Nics = report.Nics.Length,
        Driver = report.Versions.Driver,
        Cuda = report.Versions.Cuda,
        Nccl = report.Versions.Nccl,
        LastSeen = record.LastSeen,
        ReasonCodes = [.. record.Health.Reasons.Select(r => r.Code)],
    };

    /// <summary>The best link between two distinct GPUs of the node: most NVLinks, else the nearest PCIe path.</summary>
    public static TopologyLink? BestGpuLink(ProbeReport report) => BestGpuLink(report.Topology, report.Gpus.Select(g => g.Index));

    public static TopologyLink? BestGpuLink(LinkMatrix topology, IEnumerable<int> gpuIndices)
    {
        var indices = gpuIndices.Order().ToArray();
        TopologyLink? best = null;
        for (var a = 0; a < indices.Length; a++)
        {
            for (var b = a + 1; b < indices.Length; b++)
            {
                if (topology.Between(LinkMatrix.GpuName(indices[a]), LinkMatrix.GpuName(indices[b])) is { } link && (best is null || IsBetter(link, best.Value)))
                {
                    best = link;
                }
            }
        }

        return best;
    }

    private static bool IsBetter(TopologyLink candidate, TopologyLink current) =>
        candidate.Kind < current.Kind || (candidate.Kind == current.Kind && candidate.NvLinks > current.NvLinks);
}
