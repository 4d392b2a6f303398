using ControlPlane.Wire.Placement;

namespace ControlPlane.Web.Portal.Deployments;

/// <summary>
/// The nodes one placement filter turned away, with each node's reason (the filter's name taken off).
/// A fleet of 18 nodes outside the pool reads as one PoolFilter row with a count, not 18 rows.
/// </summary>
public sealed record RejectionGroup(string Filter, RejectedNode[] Nodes)
{
    /// <summary>Largest group first; a node turned away by two filters is in both groups.</summary>
    public static RejectionGroup[] Of(IEnumerable<NodeRejection> rejections) =>
        [.. rejections
            .SelectMany(r => r.Reasons.Select(reason => (Filter: FilterOf(reason), Node: new RejectedNode(r.Node, DetailOf(reason)))))
            .GroupBy(x => x.Filter, StringComparer.Ordinal)
            .Select(g => new RejectionGroup(g.Key, [.. g.Select(x => x.Node)]))
            .OrderByDescending(g => g.Nodes.Length)
            .ThenBy(g => g.Filter, StringComparer.Ordinal)];

    /// <summary>One line per filter: <c>PoolFilter: 18 nodes; GpuComputeCapabilityFilter: 1 node (rtx5090-01)</c>.</summary>
    public static string Summary(IEnumerable<NodeRejection> rejections) =>
        string.Join("; ", Of(rejections).Select(g => g.Nodes.Length == 1 ? $"{g.Filter}: 1 node ({g.Nodes[0].Node})" : $"{g.Filter}: {g.Nodes.Length} nodes"));

    private static string FilterOf(string reason) =>
        reason.IndexOf(':', StringComparison.Ordinal) is var colon && colon > 0 ? reason[..colon] : "Other";

    private static string DetailOf(string reason) =>
        reason.IndexOf(':', StringComparison.Ordinal) is var colon && colon > 0 ? reason[(colon + 1)..].Trim() : reason;
}

/// <summary>A node one filter turned away, and why.</summary>
public sealed record RejectedNode(string Node, string Reason);
