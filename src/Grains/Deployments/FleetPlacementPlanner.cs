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
/// Plans read the copy together (a read lock: the engine never writes the index); only holding a plan's GPUs, applying
/// changes and answers take it alone (<see cref="_gate"/>; no await inside either).
/// </summary>
public sealed class FleetPlacementPlanner(IGrainFactory grains, IOptions<PlacementOptions> options) : IDeploymentPlanner, IDisposable
{
    private const string AssumedOwner = "assumed/by-this-planner";
    private static readonly TimeSpan AssumeFor = TimeSpan.FromSeconds(30);
    private readonly ReaderWriterLockSlim _gate = new(LockRecursionPolicy.NoRecursion);
    private readonly CapacityIndex _index = new();
    private readonly PlacementEngine _engine = new(options.Value);
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task> _refreshing = new(StringComparer.Ordinal);

    // Nodes whose copy holds GPUs planned here and not yet answered by their node grain.
    private readonly Dictionary<string, Assumption> _assumed = new(StringComparer.Ordinal);

    public async Task<PlacementPlan> PlanAsync(DeploymentSpec spec, CancellationToken cancellationToken = default)
    {
        var model = ModelCatalog.Resolve(spec) ?? throw new ArgumentException($"unknown model '{spec.Model}'", nameof(spec));
        await RefreshAsync(spec.Pool);
        return Read(() => _engine.Plan(spec, model, _index));
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

        // Planned beside other plans; held only if nothing it chose was taken meanwhile, else planned once more alone.
        var plan = Read(() => _engine.Plan(spec, model, _index, beside));
        return Write(() =>
        {
            ForgetExpiredAssumptions();
            if (plan.Complete && !StillFree(plan))
            {
                plan = _engine.Plan(spec, model, _index, beside);
            }

            if (plan.Complete)
            {
                foreach (var pair in plan.Pairs)
                {
                    Assume(pair.Prefill);
                    Assume(pair.Decode);
                }
            }

            return plan;
        });
    }

    public async Task<PlacementPlan> PlanInPlaceOfAsync(DeploymentSpec spec, string deployment, IReadOnlyCollection<PairPlacement> replaced)
    {
        ArgumentNullException.ThrowIfNull(replaced);
        var model = ModelCatalog.Resolve(spec) ?? throw new ArgumentException($"unknown model '{spec.Model}'", nameof(spec));
        await RefreshAsync(spec.Pool);
        return Write(() =>
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
        });
    }

    /// <summary>The most GPUs any known node has: a TP larger than this can never be placed.</summary>
    public async Task<int> LargestNodeGpusAsync()
    {
        await RefreshAsync(pool: null);
        return Read(() => _index.LargestNodeGpus);
    }

    public void Observe(PlacementNode node) => Write(() =>
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
        return true;
    });

    public void Dispose() => _gate.Dispose();

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
        foreach (var (node, assumed) in _assumed.Where(a => now - a.Value.Since > AssumeFor.TotalMilliseconds).ToArray())
        {
            _assumed.Remove(node);
            if (_index.Find(node)?.Pool is { } pool)
            {
                _seen[pool] = 0;
            }

            _index.Remove(node);
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
        var (fetch, running, since) = Write(() =>
        {
            if (_refreshing.TryGetValue(pool, out var inFlight))
            {
                return ((TaskCompletionSource?)null, inFlight, 0L);
            }

            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _refreshing[pool] = started.Task;
            return (started, started.Task, _seen.GetValueOrDefault(pool));
        });

        if (fetch is null)
        {
            await running;
            return;
        }

        try
        {
            var delta = await grains.Grain<IFleetGrain>(pool).GetCapacityChangesAsync(since);
            Write(() =>
            {
                Apply(pool, delta);
                return _refreshing.Remove(pool);
            });

            fetch.SetResult();
        }
        catch (Exception e)
        {
            // The callers that joined this call see the same failure.
            Write(() => _refreshing.Remove(pool));

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

        _seen[pool] = Math.Max(_seen.GetValueOrDefault(pool), delta.Version);
    }

    /// <summary>Whether every GPU the plan chose is still free in this copy (another plan may have been held meanwhile).</summary>
    private bool StillFree(PlacementPlan plan) =>
        plan.Pairs.SelectMany(p => new[] { p.Prefill, p.Decode }).All(r =>
            _index.Find(r.Node) is { } node && r.GpuIndices.All(i => node.Gpus.FirstOrDefault(g => g.Index == i) is { AllocatedTo: null }));

    private T Read<T>(Func<T> read)
    {
        _gate.EnterReadLock();
        try
        {
            return read();
        }
        finally
        {
            _gate.ExitReadLock();
        }
    }

    /// <summary>Runs <paramref name="write"/> alone.</summary>
    private T Write<T>(Func<T> write)
    {
        _gate.EnterWriteLock();
        try
        {
            return write();
        }
        finally
        {
            _gate.ExitWriteLock();
        }
    }

    private readonly record struct Assumption(int Count, long Since);
}
