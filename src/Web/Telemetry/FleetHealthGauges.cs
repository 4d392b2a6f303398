using ControlPlane.Silo.Hosting;
using ControlPlane.Silo.Telemetry;
using Microsoft.Extensions.Options;
using ControlPlane.Web.Portal.Fleet;
using ControlPlane.Wire.Health;

namespace ControlPlane.Web.Telemetry;

/// <summary>
/// Feeds the nodes-by-health and GPUs-by-health gauges. Gauges are read synchronously, grains are
/// not: this refreshes a snapshot from the fleet index in the background.
/// </summary>
internal sealed class FleetHealthGauges(IGrainFactory grains, IOptions<TelemetryOptions> options, TimeProvider clock, ILogger<FleetHealthGauges> logger)
    : ResilientLoop(clock, logger)
{
    private volatile Dictionary<string, (long Nodes, long Gpus)> _snapshot = [];

    protected override TimeSpan Every => options.Value.GaugeInterval;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        ControlPlaneMetrics.ObserveFleetHealth(() => _snapshot);
        return base.StartAsync(cancellationToken);
    }

    /// <summary>A failed count keeps the gauges at their last values.</summary>
    protected override async Task StepAsync(CancellationToken stoppingToken) => _snapshot = await CountAsync();

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
