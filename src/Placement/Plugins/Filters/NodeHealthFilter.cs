using ControlPlane.Wire.Health;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Placement;

/// <summary>The node must be Healthy or Degraded (Degraded is scored down by <see cref="DegradedNodeScore"/>, not refused).</summary>
internal sealed class NodeHealthFilter : INodeStateFilter
{
    public string Name => nameof(NodeHealthFilter);

    public string? Reject(PlacementNode node) =>
        node.Health is HealthStatus.Healthy or HealthStatus.Degraded ? null : $"{Name}: node health is {node.Health}";
}
