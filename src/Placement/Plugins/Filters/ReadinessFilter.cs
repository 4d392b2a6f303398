using ControlPlane.Wire.Health;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Placement;

/// <summary>The node must be Ready.</summary>
internal sealed class ReadinessFilter : INodeStateFilter
{
    public string Name => nameof(ReadinessFilter);

    public string? Reject(PlacementNode node) =>
        node.Readiness == Readiness.Ready ? null : $"{Name}: node is {node.Readiness}";
}
