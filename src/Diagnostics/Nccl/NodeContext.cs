namespace ControlPlane.Diagnostics;

/// <summary>
/// What the fleet knows about the node(s) the ranks ran on. Every field is optional: the log alone
/// cannot tell that two pods share a node (their hostnames differ) or that the node has IB NICs.
/// </summary>
public sealed record NodeContext
{
    /// <summary>All ranks ran on one physical node, whatever their hostnames say.</summary>
    public bool? RanksShareNode { get; init; }

    /// <summary>The ranks' GPUs are connected by NVLink.</summary>
    public bool? GpusNvLinked { get; init; }

    /// <summary>NVLink count between the GPUs (18 for NV18).</summary>
    public int? NvLinkCount { get; init; }

    /// <summary>The node has at least one InfiniBand/RoCE port in state Active.</summary>
    public bool? HasActiveIbPorts { get; init; }

    /// <summary>The node's RDMA device-plugin resource, e.g. <c>rdma/rdma_a100</c>.</summary>
    public string? RdmaResource { get; init; }
}
