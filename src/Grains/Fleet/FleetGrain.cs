using ControlPlane.Contracts.Fleet;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Health;
using ControlPlane.Wire.Fleet;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Placement;
using Microsoft.Extensions.Options;

namespace ControlPlane.Grains.Fleet;

/// <summary>
/// The compact index of one pool (key: pool name). Nodes push their summary on change; readers page
/// through it in name order. Not reentrant: a flush to storage must not see the index change under it.
/// </summary>
public sealed class FleetGrain(
    [PersistentState("fleet", StorageNames.Default)] IPersistentState<FleetIndex> state,
    IOptions<FleetOptions> fleetOptions,
    IOptions<HealthOptions> healthOptions,
    IOptions<Nodes.NodeOptions> nodeOptions,
    TimeProvider clock) : Grain, IFleetGrain
{
    private readonly FleetOptions _options = fleetOptions.Value;
    // Placement views and nodes that left the pool, in stamp order, so a reader's "since" costs O(changes).
    private readonly CapacityChangeLog _capacity = new();

    // Placement views are not persisted (nodes re-send them within their refresh period), so each
    // activation starts its versions from a new epoch that readers can tell from the last one.
    private readonly long _epoch = DateTimeOffset.UtcNow.UtcTicks;
    private long _capacityVersion;
    private string[]? _sortedNames;
    private bool _dirty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(_options.FlushEvery, _options.FlushEvery));
        this.RegisterGrainTimer(SweepSilentNodes, new GrainTimerCreationOptions(_options.SweepEvery, _options.SweepEvery) { Interleave = true });
        return base.OnActivateAsync(cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public Task UpsertAsync(NodeSummary summary)
    {
        var nodes = state.State.Nodes;
        if (!nodes.ContainsKey(summary.Node))
        {
            _sortedNames = null;
        }

        nodes[summary.Node] = summary;
        state.State.Version++;
        _dirty = true;
        return Task.CompletedTask;
    }

    public Task<NodePage> ListAsync(string? after, int limit)
    {
        var names = _sortedNames ??= [.. state.State.Nodes.Keys.Order(StringComparer.Ordinal)];
        var start = 0;
        if (after is not null)
        {
            var found = Array.BinarySearch(names, after, StringComparer.Ordinal);
            start = found >= 0 ? found + 1 : ~found;
        }

        var take = Math.Clamp(limit, 1, _options.MaxPageSize);
        var items = names.Skip(start).Take(take).Select(n => state.State.Nodes[n]).ToArray();
        var more = start + items.Length < names.Length;
        return Task.FromResult(new NodePage { Items = items, Continue = more && items.Length > 0 ? items[^1].Node : null });
    }

    public Task UpsertCapacityAsync(PlacementNode node)
    {
        if (_capacity.Find(node.Node) is { } known && known.Version > node.Version)
        {
            return Task.CompletedTask;
        }

        _capacity.Upsert(node, _epoch + ++_capacityVersion);
        return Task.CompletedTask;
    }

    public async Task RemoveAsync(string node)
    {
        var listed = state.State.Nodes.Remove(node);
        if (_capacity.Find(node) is not null || listed)
        {
            _capacity.MarkRemoved(node, _epoch + ++_capacityVersion);
        }

        if (listed)
        {
            _sortedNames = null;
            state.State.Version++;
            await state.FlushAsync(GrainContext, $"the removal of {node}");
        }
    }

    public Task<CapacityDelta> GetCapacityChangesAsync(long since)
    {
        var full = since < _epoch;
        var (changed, removed) = _capacity.Since(since, all: full);
        return Task.FromResult(new CapacityDelta { Version = _epoch + _capacityVersion, Changed = changed, Full = full, Removed = removed });
    }

    public Task<int> CountAsync() => Task.FromResult(state.State.Nodes.Count);

    public Task<VersionReport> GetVersionsAsync() => Task.FromResult(VersionDriftAnalyzer.Analyze(state.State.Nodes.Values));

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!_dirty)
        {
            return;
        }

        await state.FlushAsync(GrainContext, "the fleet index", cancellationToken);
        _dirty = false;
    }

    /// <summary>
    /// A node whose agent and silo died together has no timer left to notice its silence: ask nodes
    /// whose summary has not been refreshed for longer than the refresh period plus the Unknown
    /// threshold to check themselves (one-way, activating them if needed).
    /// </summary>
    private Task SweepSilentNodes(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var silentFor = nodeOptions.Value.FleetRefreshEvery + healthOptions.Value.UnknownAfter;
        foreach (var summary in state.State.Nodes.Values)
        {
            if (summary.Readiness != Readiness.NotReady && now - summary.LastSeen > silentFor)
            {
                GrainFactory.GetGrain<INodeGrain>(summary.Node).CheckLivenessAsync().Ignore();
            }
        }

        return Task.CompletedTask;
    }
}
