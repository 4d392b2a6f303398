using ControlPlane.Wire.Placement;

namespace ControlPlane.Placement;

/// <summary>
/// A filter plugin: null when the node may host a replica of the request, otherwise the reason in
/// words, starting with the filter's name (<c>GpuComputeCapabilityFilter: sm_120 not in image's {sm_80, sm_90}</c>).
/// </summary>
public interface INodeFilter
{
    string Name { get; }

    /// <summary>What the answer depends on, so the index can evaluate it once per shape, per node or per free mask.</summary>
    FilterScope Scope { get; }

    string? Reject(PlacementNode node, PlacementRequest request);
}

/// <summary>What a filter's answer depends on.</summary>
public enum FilterScope
{
    /// <summary>Only the node's shape (hardware, versions, pool) and the request: evaluated once per shape.</summary>
    Shape,

    /// <summary>Only the node's state (readiness, health, cordon), not the request: evaluated on every node update.</summary>
    NodeState,

    /// <summary>The node's free GPUs and the request: evaluated once per (shape, free mask).</summary>
    Capacity,
}

/// <summary>A pair-level filter for a pair that crosses nodes: null when the two may pair, otherwise why not.</summary>
public interface IPairFilter
{
    string Name { get; }

    string? Reject(PlacementNode prefill, PlacementNode decode, PlacementRequest request);
}
