using ControlPlane.Contracts.Fleet;
using ControlPlane.Wire.Fleet;

namespace ControlPlane.Web.Portal.Fleet;

/// <summary>Every node summary of every pool's fleet index, a page at a time (the portal and the health gauges read it whole).</summary>
internal static class FleetIndexReader
{
    public const int PageSize = 1000;

    public static async IAsyncEnumerable<NodeSummary> AllNodesAsync(this IGrainFactory grains)
    {
        foreach (var pool in await grains.GetGrain<IPoolDirectoryGrain>(IPoolDirectoryGrain.Key).ListAsync())
        {
            string? after = null;
            do
            {
                var page = await grains.GetGrain<IFleetGrain>(pool).ListAsync(after, PageSize);
                foreach (var node in page.Items)
                {
                    yield return node;
                }

                after = page.Continue;
            }
            while (after is not null);
        }
    }
}
