using ControlPlane.Wire.Placement;

namespace ControlPlane.Placement;

/// <summary>A cordoned node takes no new replicas.</summary>
internal sealed class CordonFilter : INodeStateFilter
{
    public string Name => nameof(CordonFilter);

    public string? Reject(PlacementNode node) => node.Cordoned ? $"{Name}: node is cordoned" : null;
}
