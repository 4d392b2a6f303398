using ControlPlane.Wire.Health;
using ControlPlane.Wire.Nodes;
using ControlPlane.Wire.Placement;
using ControlPlane.Wire.Probes;
using ControlPlane.Wire.Topology;

namespace ControlPlane.Placement;

/// <summary>Builds the placement view of a node from its latest report, verdicts and allocations.</summary>
public static class PlacementNodeFactory
{
    private static readonly HashSet<string> NoneQuarantined = [];

    public static PlacementNode From(
        ProbeReport report,
        IReadOnlyDictionary<string, HealthStatus> gpuHealth,
        IReadOnlyDictionary<int, string> allocations,
        HealthStatus nodeHealth,
        Readiness readiness,
        bool cordoned,
        long version,
        IReadOnlySet<string>? quarantined = null)
    {
        quarantined ??= NoneQuarantined;
        var gpus = report.Gpus.OrderBy(g => g.Index).ToArray();
        var nics = report.Nics.ToArray();
        return new PlacementNode
        {
            Node = report.Node,
            Pool = report.Pool,
            Rack = report.Rack,
            NvlinkDomain = NvlinkDomainOf(gpus),
            Health = nodeHealth,
            Readiness = readiness,
            Cordoned = cordoned,
            ComputeCapability = gpus.FirstOrDefault()?.ComputeCapability ?? "",
            Driver = report.Versions.Driver,
            Cuda = report.Versions.Cuda,
            Nccl = report.Versions.Nccl,
            Version = version,
            Gpus =
            [
                .. gpus.Select(g => new PlacementGpu
                {
                    Index = g.Index,
                    Uuid = g.Uuid,
                    Minor = g.Minor,
                    Healthy = gpuHealth.TryGetValue(g.Uuid, out var h) && h == HealthStatus.Healthy && !quarantined.Contains(QuarantineKeys.Gpu(g.Index)),
                    AllocatedTo = allocations.GetValueOrDefault(g.Index),
                    Numa = g.NumaNode,
                    MemoryMiB = g.MemoryTotalMiB,
                }),
            ],
            GpuLinks = [.. gpus.Select(a => gpus.Select(b => Cell(report.Topology, LinkMatrix.GpuName(a.Index), LinkMatrix.GpuName(b.Index), a == b)).ToArray())],
            Nics =
            [
                .. nics.Select(n => new PlacementNic
                {
                    Device = n.Device,
                    Netdev = n.Netdev,
                    Active = n.State == PortState.Active && !quarantined.Contains(QuarantineKeys.Nic(n.Device, n.Port)),
                    RateGbps = n.RateGbps,
                    RdmaResource = n.RdmaResource,
                    LinkLayer = n.LinkLayer.ToString(),
                }),
            ],
            GpuNicLinks = [.. gpus.Select(g => nics.Select(n => NicCell(report.Topology, g.Index, n)).ToArray())],
        };
    }

    private static string Cell(LinkMatrix topology, string a, string b, bool self) =>
        self ? "X" : topology.Between(a, b)?.ToString() ?? "SYS";

    /// <summary>NIC columns are named by RDMA device (or netdev); an unknown affinity is taken as the worst, SYS.</summary>
    private static string NicCell(LinkMatrix topology, int gpu, NicReport nic) =>
        (topology.Between(LinkMatrix.GpuName(gpu), nic.Device) ?? (nic.Netdev is { } netdev ? topology.Between(LinkMatrix.GpuName(gpu), netdev) : null))?.ToString() ?? "SYS";

    /// <summary>The domain all of the node's GPUs share, or null (see <see cref="PlacementNode.NvlinkDomain"/>).</summary>
    private static string? NvlinkDomainOf(GpuReport[] gpus)
    {
        var domains = gpus.Select(g => g.Fabric?.DomainKey).Distinct(StringComparer.Ordinal).ToArray();
        return gpus.Length > 0 && domains is [{ } domain] ? domain : null;
    }
}
