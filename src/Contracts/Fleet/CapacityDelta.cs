using ControlPlane.Wire.Placement;

namespace ControlPlane.Contracts.Fleet;

/// <summary>The placement views of a pool that changed since a reader's last version.</summary>
[GenerateSerializer, Immutable, Alias("cp.CapacityDelta")]
public sealed record CapacityDelta
{
    [Id(0)] public required long Version { get; init; }
    [Id(1)] public required PlacementNode[] Changed { get; init; }
    /// <summary>True when <see cref="Changed"/> is the whole pool (the reader asked from 0 or the index restarted).</summary>
    [Id(2)] public required bool Full { get; init; }
    /// <summary>Nodes that left the pool after the reader's version: a reader drops its copy when that copy is of this pool.</summary>
    [Id(3)] public string[] Removed { get; init; } = [];
}
