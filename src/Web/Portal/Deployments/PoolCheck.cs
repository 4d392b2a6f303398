using ControlPlane.Contracts.Fleet;

namespace ControlPlane.Web.Portal.Deployments;

/// <summary>
/// The form's pool must hold a node: a misspelt pool is a field error naming the pools there are,
/// not a plan where every node's PoolFilter says no.
/// </summary>
internal static class PoolCheck
{
    /// <summary>Null when <paramref name="pool"/> is unset or has a node.</summary>
    public static async Task<string?> ProblemAsync(IGrainFactory grains, string? pool)
    {
        if (string.IsNullOrEmpty(pool))
        {
            return null;
        }

        var known = await grains.GetGrain<IPoolDirectoryGrain>(IPoolDirectoryGrain.Key).ListAsync();
        var counts = await Task.WhenAll(known.Select(p => grains.GetGrain<IFleetGrain>(p).CountAsync()));
        string[] populated = [.. known.Where((_, i) => counts[i] > 0).Order(StringComparer.Ordinal)];
        return populated.Contains(pool, StringComparer.Ordinal)
            ? null
            : $"no node is in pool '{pool}'; pools: {(populated.Length == 0 ? "none yet" : string.Join(", ", populated))}";
    }
}
