using ControlPlane.Wire.Fleet;
using ControlPlane.Wire.Placement;
using Orleans.CodeGeneration;
using Orleans.Concurrency;

namespace ControlPlane.Contracts.Fleet;

/// <summary>
/// The compact, versioned index of one pool's nodes (keyed by pool name). Nodes push their summary
/// on change; the portal, the API and placement read it instead of asking every node.
/// </summary>
// Version 2: GetVersionAsync removed (only tests read it). Version 3: RemoveAsync.
[Alias("cp.IFleetGrain"), Version(3)]
public interface IFleetGrain : IGrainWithStringKey
{
    [Alias("Upsert"), OneWay]
    Task UpsertAsync(NodeSummary summary);

    /// <summary>Nodes ordered by name, starting after <paramref name="after"/>.</summary>
    [Alias("List"), ReadOnly]
    Task<NodePage> ListAsync(string? after, int limit);

    /// <summary>How many nodes the pool has (storm protection weighs bad nodes against it).</summary>
    [Alias("Count"), ReadOnly]
    Task<int> CountAsync();

    [Alias("Versions"), ReadOnly]
    Task<VersionReport> GetVersionsAsync();

    /// <summary>A node's placement view changed (allocation, health, cordon, devices).</summary>
    [Alias("UpsertCapacity"), OneWay]
    Task UpsertCapacityAsync(PlacementNode node);

    /// <summary>
    /// The node left this pool (it reported another): its summary and placement view go, the removal is
    /// written before this returns, and <see cref="GetCapacityChangesAsync"/> names it in <see cref="CapacityDelta.Removed"/>.
    /// </summary>
    [Alias("Remove")]
    Task RemoveAsync(string node);

    /// <summary>Placement views that changed after <paramref name="since"/> (0: all of them), and the version to ask from next.</summary>
    [Alias("CapacityChanges"), ReadOnly]
    Task<CapacityDelta> GetCapacityChangesAsync(long since);
}
