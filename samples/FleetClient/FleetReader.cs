using System.Globalization;
using ControlPlane.Contracts.Fleet;
using ControlPlane.Contracts.Nodes;

namespace ControlPlane.Samples.FleetClient;

/// <summary>The read-only calls an internal service makes: pools, each pool's nodes a page at a time, one node's GPUs.</summary>
internal static class FleetReader
{
    private const int PageSize = 500;

    public static async Task WriteAsync(IGrainFactory grains, string? node, TextWriter output)
    {
        foreach (var pool in (await grains.GetGrain<IPoolDirectoryGrain>(IPoolDirectoryGrain.Key).ListAsync()).Order(StringComparer.Ordinal))
        {
            var fleet = grains.GetGrain<IFleetGrain>(pool);
            int nodes = 0, gpus = 0, healthy = 0;
            string? after = null;
            do
            {
                var page = await fleet.ListAsync(after, PageSize);
                nodes += page.Items.Length;
                gpus += page.Items.Sum(n => n.GpuCount);
                healthy += page.Items.Sum(n => n.HealthyGpus);
                after = page.Continue;
            }
            while (after is not null);

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"pool {pool}: {nodes} nodes, {healthy} of {gpus} GPUs healthy"));
        }

        if (node is null)
        {
            return;
        }

        if (await grains.GetGrain<INodeGrain>(node).GetPlacementAsync() is not { } view)
        {
            await output.WriteLineAsync($"node {node}: never reported");
            return;
        }

        foreach (var gpu in view.Gpus)
        {
            var state = !gpu.Healthy ? "unhealthy" : gpu.AllocatedTo is { } owner ? $"held by {owner}" : "free";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"node {node} gpu {gpu.Index} {gpu.Uuid}: {state}"));
        }
    }
}
