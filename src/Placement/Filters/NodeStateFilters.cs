using ControlPlane.Wire.Health;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Placement;

/// <summary>The node must be Ready.</summary>
public sealed class ReadinessFilter : INodeFilter
{
    public string Name => nameof(ReadinessFilter);
    public FilterScope Scope => FilterScope.NodeState;

    public string? Reject(PlacementNode node, PlacementRequest request) =>
        node.Readiness == Readiness.Ready ? null : $"{Name}: node is {node.Readiness}";
}

/// <summary>The node must be Healthy or Degraded (Degraded is scored down, not refused).</summary>
public sealed class NodeHealthFilter : INodeFilter
{
    public string Name => nameof(NodeHealthFilter);
    public FilterScope Scope => FilterScope.NodeState;

    public string? Reject(PlacementNode node, PlacementRequest request) =>
        node.Health is HealthStatus.Healthy or HealthStatus.Degraded ? null : $"{Name}: node health is {node.Health}";
}

/// <summary>A cordoned node takes no new replicas.</summary>
public sealed class CordonFilter : INodeFilter
{
    public string Name => nameof(CordonFilter);
    public FilterScope Scope => FilterScope.NodeState;

    public string? Reject(PlacementNode node, PlacementRequest request) => node.Cordoned ? $"{Name}: node is cordoned" : null;
}

/// <summary>The node-state filters, which do not depend on the request: the index runs them on every node update.</summary>
public static class NodeStateFilters
{
    public static readonly IReadOnlyList<INodeFilter> All = [new ReadinessFilter(), new NodeHealthFilter(), new CordonFilter()];

    public static string[] Reasons(PlacementNode node)
    {
        string[]? reasons = null;
        foreach (var filter in All)
        {
            if (filter.Reject(node, null!) is { } reason)
            {
                reasons = [.. reasons ?? [], reason];
            }
        }

        return reasons ?? [];
    }
}
