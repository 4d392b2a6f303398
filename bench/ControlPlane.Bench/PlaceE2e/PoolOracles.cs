using ControlPlane.Bench.Place;
using ControlPlane.Contracts.Fleet;
using ControlPlane.Wire.Deployments;

namespace ControlPlane.Bench.PlaceE2e;

/// <summary>
/// One <see cref="Oracle"/> per pool (the best tier the pool can still offer each spec), fed from the pools' fleet
/// indexes by their change logs (what changed since the last look), at most every <see cref="RefreshEvery"/>, so the
/// oracle costs the control plane a few small calls a second, not a scan per operation.
/// </summary>
internal sealed class PoolOracles(IGrainFactory grains, string[] pools, DeploymentSpec[] specs, ModelSpec[] models)
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromMilliseconds(100);
    private readonly Dictionary<string, Oracle> _oracles = pools.ToDictionary(p => p, _ => new Oracle([], specs, models), StringComparer.Ordinal);
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _refreshedAt;

    public async Task<string> BestTierAsync(int spec)
    {
        var pool = specs[spec].Pool!;
        await _gate.WaitAsync();
        try
        {
            if (Environment.TickCount64 - _refreshedAt >= RefreshEvery.TotalMilliseconds)
            {
                await RefreshAsync();
            }

            return _oracles[pool].BestTier(spec);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task RefreshAsync()
    {
        foreach (var pool in pools)
        {
            var delta = await grains.GetGrain<IFleetGrain>(pool).GetCapacityChangesAsync(_seen.GetValueOrDefault(pool));
            foreach (var node in delta.Changed)
            {
                _oracles[pool].Update(node);
            }

            _seen[pool] = delta.Version;
        }

        _refreshedAt = Environment.TickCount64;
    }
}
