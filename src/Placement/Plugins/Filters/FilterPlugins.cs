using ControlPlane.Wire.Placement;

namespace ControlPlane.Placement;

// Filter plugins answer null when the candidate may be used, otherwise the reason in words, starting
// with the filter's name (GpuComputeCapabilityFilter: sm_120 not in image's {sm_80, sm_90}).

/// <summary>Depends only on the node's state (readiness, health, cordon): the index runs it on every node update.</summary>
internal interface INodeStateFilter : IPlacementPlugin
{
    string? Reject(PlacementNode node);
}

/// <summary>Depends only on the node's shape (hardware, versions, pool) and the request: run once per shape and plan.</summary>
internal interface IShapeFilter : IPlacementPlugin
{
    string? Reject(NodeShape shape, PlacementRequest request);
}

/// <summary>Depends on the node's free GPUs and the request: run once per (shape, free mask) and plan.</summary>
internal interface ICapacityFilter : IPlacementPlugin
{
    string? Reject(NodeShape shape, uint freeMask, PlacementRequest request);
}

/// <summary>Decides whether two shapes may pair across nodes, and over which wires: run once per pair of shapes.</summary>
internal interface IPairFilter : IPlacementPlugin
{
    PairVerdict Check(NodeShape prefill, NodeShape decode, PlacementRequest request);
}

/// <summary>Decides whether the request accepts a KV path tier (<see cref="KvPath"/> rank) over a given wire.</summary>
internal interface IKvPathFilter : IPlacementPlugin
{
    string? Reject(PlacementRequest request, int rank, string wire);
}

/// <summary>A pair filter's answer: the pair may use any wire, only TCP, or none.</summary>
internal readonly record struct PairVerdict(PairAccess Access, string? Reason)
{
    public static PairVerdict Allowed => default;

    public static PairVerdict Refused(string reason) => new(PairAccess.Refused, reason);

    public static PairVerdict TcpOnly(string reason) => new(PairAccess.TcpOnly, reason);
}

/// <summary>Which wires a pair of nodes may use.</summary>
internal enum PairAccess
{
    Any,
    TcpOnly,
    Refused,
}
