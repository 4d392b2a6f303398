using ControlPlane.Contracts.Fleet;
using ControlPlane.Contracts.Placement;
using ControlPlane.Placement;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;
using Microsoft.Extensions.Options;

namespace ControlPlane.Grains.Deployments;

/// <summary>
/// This process's copy of the fleet's placement views, kept current by asking each pool's fleet
/// index for what changed since the last look (a steady fleet answers with nothing), and by the
/// fresh views node grains return from reservations. Planning against a slightly stale copy is
/// safe: the node grain refuses a reservation the copy got wrong, and the caller plans again.
/// </summary>
public sealed class FleetPlacementPlanner(IGrainFactory grains, IOptions<PlacementOptions> options) : IDeploymentPlanner
{
    private const string AssumedOwner = "assumed/by-this-planner";
    private static readonly TimeSpan AssumeFor = TimeSpan.FromSeconds(30);
    // _gate guards the copy (_index, _assumed); _refreshGate the refresh bookkeeping (_seen, _refreshing), so a
    // refresh that brings nothing never waits for a plan (on 16 cores those waits were 10 % of place-e2e's thread
    // time, issue 24). Order: _gate, then _refreshGate; never the other way.
    private readonly Lock _gate = new();
    private readonly Lock _refreshGate = new();
    private volatile int _largestNodeGpus;
    private readonly CapacityIndex _index = new();
    private readonly PlacementEngine _engine = new(options.Value);
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task> _refreshing = new(StringComparer.Ordinal);

    // Per pool, how often this copy asked for a whole re-read (_seen set to 0): a refresh that started before such a
    // request must not put its version back over it.
    private readonly Dictionary<string, int> _rereads = new(StringComparer.Ordinal);

    // Nodes whose copy holds GPUs planned here and not yet answered by their node grain.
    private readonly Dictionary<string, Assumption> _assumed = new(StringComparer.Ordinal);

    public async Task<PlacementPlan> PlanAsync(DeploymentSpec spec, CancellationToken cancellationToken = default)
    {
        var model = ModelCatalog.Resolve(spec) ?? throw new ArgumentException($"unknown model '{spec.Model}'", nameof(spec));
        await RefreshAsync(spec.Pool);
        lock (_gate)
        {
            return _engine.Plan(spec, model, _index);
        }
    }

    /// <summary>
    /// Plans, then holds the planned GPUs in this process's copy until the node grains answer the reservations
    /// (<see cref="Observe"/>), as kube-scheduler "assumes" a pod: concurrent placements here plan around each other
    /// instead of all choosing the same best node and refusing each other.
    /// </summary>
    public async Task<PlacementPlan> PlanToReserveAsync(DeploymentSpec spec, IReadOnlyCollection<PairPlacement>? beside = null)
    {
        var model = ModelCatalog.Resolve(spec) ?? throw new ArgumentException($"unknown model '{spec.Model}'", nameof(spec));
        await RefreshAsync(spec.Pool);
        lock (_gate)
        {
            ForgetExpiredAssumptions();
            var plan = _engine.Plan(spec, model, _index, beside);
            if (plan.Complete)
            {
                foreach (var pair in plan.Pairs)
                {
                    Assume(pair.Prefill);
                    Assume(pair.Decode);
                }
            }

            return plan;
        }
    }

    public async Task<PlacementPlan> PlanInPlaceOfAsync(DeploymentSpec spec, string deployment, IReadOnlyCollection<PairPlacement> replaced)
    {
        ArgumentNullException.ThrowIfNull(replaced);
        var model = ModelCatalog.Resolve(spec) ?? throw new ArgumentException($"unknown model '{spec.Model}'", nameof(spec));
        await RefreshAsync(spec.Pool);
        lock (_gate)
        {
            // Free the deployment's GPUs in this copy for one plan, then put the copies back as they were.
            PlacementNode[] saved = [.. replaced.SelectMany(p => new[] { p.Prefill.Node, p.Decode.Node }).Distinct().Select(_index.Find).OfType<PlacementNode>()];
            foreach (var node in saved)
            {
                _index.Release(node.Node, ReservationOwner.DeploymentPrefix(deployment));
            }

            try
            {
                return _engine.Plan(spec, model, _index);
            }
            finally
            {
                foreach (var node in saved)
                {
                    _index.Remove(node.Node);
                    _index.Upsert(node);
                }
            }
        }
    }

    /// <summary>The most GPUs any known node has: a TP larger than this can never be placed.</summary>
    public async Task<int> LargestNodeGpusAsync()
    {
        await RefreshAsync(pool: null);
        return _largestNodeGpus;
    }

    public void Observe(PlacementNode node)
    {
        lock (_gate)
        {
            if (_assumed.Remove(node.Node, out var assumed))
            {
                // The assumption bumped this copy's version past the node grain's: its answer replaces the copy outright.
                if (assumed.Count > 1)
                {
                    _assumed[node.Node] = assumed with { Count = assumed.Count - 1 };
                }

                _index.Remove(node.Node);
            }

            _index.Upsert(node);
            _largestNodeGpus = _index.LargestNodeGpus;
        }
    }

    private void Assume(ReplicaPlacement replica)
    {
        _index.Allocate(replica, AssumedOwner);
        var held = _assumed.GetValueOrDefault(replica.Node);
        _assumed[replica.Node] = new Assumption(held.Count + 1, Environment.TickCount64);
    }

    /// <summary>
    /// An assumption no reservation answered (the caller failed before reserving): drop the node and read its pool
    /// whole on the next refresh, so the GPUs it held here only are free again.
    /// </summary>
    private void ForgetExpiredAssumptions()
    {
        var now = Environment.TickCount64;
        var removed = false;
        foreach (var (node, assumed) in _assumed.Where(a => now - a.Value.Since > AssumeFor.TotalMilliseconds).ToArray())
        {
            _assumed.Remove(node);
            if (_index.Find(node)?.Pool is { } pool)
            {
                lock (_refreshGate)
                {
                    _seen[pool] = 0;
                    _rereads[pool] = _rereads.GetValueOrDefault(pool) + 1;
                }
            }

            removed |= _index.Remove(node);
        }

        if (removed)
        {
            _largestNodeGpus = _index.LargestNodeGpus;
        }
    }

    private async Task RefreshAsync(string? pool)
    {
        var pools = pool is not null ? [pool] : await grains.Grain<IPoolDirectoryGrain>(IPoolDirectoryGrain.Key).ListAsync();
        await Task.WhenAll(pools.Select(RefreshPoolAsync));
    }

    /// <summary>
    /// Asks the pool's fleet index for what changed since the last look; concurrent callers share one call in flight
    /// (a plan against what that call brings is as safe as any: the node grains confirm every reservation).
    /// </summary>
    private async Task RefreshPoolAsync(string pool)
    {
        TaskCompletionSource? fetch = null;
        Task? running;
        var since = 0L;
        var rereads = 0;
        lock (_refreshGate)
        {
            if (!_refreshing.TryGetValue(pool, out running))
            {
                fetch = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _refreshing[pool] = fetch.Task;
                since = _seen.GetValueOrDefault(pool);
                rereads = _rereads.GetValueOrDefault(pool);
            }
        }

        if (fetch is null)
        {
            await running!;
            return;
        }

        try
        {
            var delta = await grains.Grain<IFleetGrain>(pool).GetCapacityChangesAsync(since);
            if (delta.Changed.Length > 0 || delta.Removed.Length > 0)
            {
                lock (_gate)
                {
                    Apply(pool, delta);
                }
            }

            lock (_refreshGate)
            {
                if (_rereads.GetValueOrDefault(pool) == rereads)
                {
                    _seen[pool] = Math.Max(_seen.GetValueOrDefault(pool), delta.Version);
                }

                _refreshing.Remove(pool);
            }

            fetch.SetResult();
        }
        catch (Exception e)
        {
            // The callers that joined this call see the same failure.
            lock (_refreshGate)
            {
                _refreshing.Remove(pool);
            }

            fetch.SetException(e);
            throw;
        }
    }

    private void Apply(string pool, CapacityDelta delta)
    {
        foreach (var node in delta.Changed)
        {
            _index.Upsert(node);
        }

        // Only a copy of this pool: the node's view from its new pool may already be here.
        foreach (var node in delta.Removed)
        {
            if (_index.Find(node)?.Pool == pool)
            {
                _index.Remove(node);
            }
        }

        _largestNodeGpus = _index.LargestNodeGpus;
    }

    private readonly record struct Assumption(int Count, long Since);
}
