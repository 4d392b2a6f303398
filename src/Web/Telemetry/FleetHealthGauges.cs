using ControlPlane.Web.Fleet;
using ControlPlane.Wire.Health;

namespace ControlPlane.Web.Telemetry;

/// <summary>
/// Feeds the nodes-by-health and GPUs-by-health gauges. Gauges are read synchronously, grains are
/// not: this refreshes a snapshot from the fleet index in the background.
/// </summary>
internal sealed class FleetHealthGauges(IGrainFactory grains, ILogger<FleetHealthGauges> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(15);
    private volatile Dictionary<string, (long Nodes, long Gpus)> _snapshot = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ControlPlaneMetrics.ObserveFleetHealth(() => _snapshot);
        using var timer = new PeriodicTimer(Every);
        do
        {
            try
            {
                _snapshot = await CountAsync();
            }
            catch (OrleansException e)
            {
                logger.LogWarning(e, "Could not refresh the fleet health gauges");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task<Dictionary<string, (long Nodes, long Gpus)>> CountAsync()
    {
        var counts = Enum.GetNames<HealthStatus>().ToDictionary(n => n, _ => (Nodes: 0L, Gpus: 0L));
        await foreach (var node in grains.AllNodesAsync())
        {
            var key = node.Health.ToString();
            var (nodes, gpus) = counts[key];
            counts[key] = (nodes + 1, gpus + node.GpuCount);
        }

        return counts;
    }
}
