using ControlPlane.Contracts.Fleet;
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
    private readonly Lock _gate = new();
    private readonly CapacityIndex _index = new();
    private readonly PlacementEngine _engine = new(options.Value);
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);

    public async Task<PlacementPlan> PlanAsync(DeploymentSpec spec, CancellationToken cancellationToken = default)
    {
        var model = ModelCatalog.Resolve(spec) ?? throw new ArgumentException($"unknown model '{spec.Model}'", nameof(spec));
        await RefreshAsync(spec.Pool);
        lock (_gate)
        {
            return _engine.Plan(spec, model, _index);
        }
    }

    /// <summary>The most GPUs any known node has: a TP larger than this can never be placed.</summary>
    public async Task<int> LargestNodeGpusAsync()
    {
        await RefreshAsync(pool: null);
        lock (_gate)
        {
            return _index.LargestNodeGpus;
        }
    }

    public void Observe(PlacementNode node)
    {
        lock (_gate)
        {
            _index.Upsert(node);
        }
    }

    private async Task RefreshAsync(string? pool)
    {
        var pools = pool is not null ? [pool] : await grains.GetGrain<IPoolDirectoryGrain>(IPoolDirectoryGrain.Key).ListAsync();
        var deltas = await Task.WhenAll(pools.Select(async p =>
        {
            long since;
            lock (_gate)
            {
                since = _seen.GetValueOrDefault(p);
            }

            return (Pool: p, Delta: await grains.GetGrain<IFleetGrain>(p).GetCapacityChangesAsync(since));
        }));

        lock (_gate)
        {
            foreach (var (p, delta) in deltas)
            {
                foreach (var node in delta.Changed)
                {
                    _index.Upsert(node);
                }

                // Only a copy of this pool: the node's view from its new pool may already be here.
                foreach (var node in delta.Removed)
                {
                    if (_index.Find(node)?.Pool == p)
                    {
                        _index.Remove(node);
                    }
                }

                _seen[p] = Math.Max(_seen.GetValueOrDefault(p), delta.Version);
            }
        }
    }
}
