namespace ControlPlane.Grains.Nodes;

/// <summary>
/// Who holds which GPU, persisted on its own (<c>node-allocations</c>): a reservation or release writes this small
/// record instead of the node's whole record with its last report (which was a third of everything a placement
/// allocated). Every allocation change writes it first, so when it exists it is never older than the copy in
/// <see cref="NodeRecord.Allocations"/>, which it overrides on activation; a node stored before it existed keeps its
/// allocations from the record.
/// </summary>
[GenerateSerializer, Immutable, Alias("cp.NodeAllocations")]
public sealed record NodeAllocations
{
    [Id(0)] public GpuAllocation[] Allocations { get; init; } = [];

    /// <summary>The node's <see cref="NodeRecord.CapacityVersion"/> after this change.</summary>
    [Id(1)] public long CapacityVersion { get; init; }
}
