namespace ControlPlane.Placement;

/// <summary>The node's pool must be the spec's pool, when the spec names one.</summary>
internal sealed class PoolFilter : IShapeFilter
{
    public string Name => nameof(PoolFilter);

    public string? Reject(NodeShape shape, PlacementRequest request) =>
        request.Spec.Pool is { Length: > 0 } pool && !string.Equals(pool, shape.Representative.Pool, StringComparison.Ordinal)
            ? $"{Name}: node is in pool {shape.Representative.Pool}, spec asks for {pool}"
            : null;
}
