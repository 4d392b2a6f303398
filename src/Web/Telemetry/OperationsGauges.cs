using ControlPlane.Contracts.Deployments;
using ControlPlane.Health;
using ControlPlane.Silo.Hosting;
using ControlPlane.Silo.Telemetry;
using ControlPlane.Web.Portal.Fleet;
using ControlPlane.Wire.Deployments;
using Microsoft.Extensions.Options;

namespace ControlPlane.Web.Telemetry;

/// <summary>
/// Feeds <see cref="OperationsMetrics"/> every <see cref="TelemetryOptions.GaugeInterval"/>: the fleet parts from the
/// portal's fleet snapshot (no grain call; its last-seen times include reports this process accepted a moment ago),
/// reconcile lag from the deployments. A failed reading keeps the last one.
/// </summary>
internal sealed class OperationsGauges(
    IGrainFactory grains, FleetSnapshotService fleet, IOptions<TelemetryOptions> options, IOptions<HealthOptions> health, TimeProvider clock, ILogger<OperationsGauges> logger)
    : ResilientLoop(clock, logger)
{
    private volatile OperationsReading _reading = OperationsReading.None;

    protected override TimeSpan Every => options.Value.GaugeInterval;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        OperationsMetrics.Observe(() => _reading);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task StepAsync(CancellationToken stoppingToken)
    {
        var names = await DeploymentDirectory.ListAsync(grains);
        var views = (await Task.WhenAll(names.Select(n => grains.GetGrain<IModelDeploymentGrain>(n).GetAsync()))).OfType<DeploymentView>().ToArray();
        var lags = views.Select(v => v.Generation - v.ObservedGeneration).Where(l => l > 0).ToArray();
        _reading = new OperationsReading
        {
            Pools = Pools(fleet.Current, Clock.GetUtcNow(), health.Value.UnknownAfter),
            LaggingDeployments = lags.Length,
            MaxLagGenerations = lags.DefaultIfEmpty(0).Max(),
        };
    }

    internal static Dictionary<string, PoolReading> Pools(FleetSnapshot snapshot, DateTimeOffset now, TimeSpan silentAfter)
    {
        var drift = snapshot.Versions.Drift.GroupBy(d => d.Pool, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Select(d => d.Node).Distinct(StringComparer.Ordinal).Count(), StringComparer.Ordinal);
        return snapshot.Nodes.GroupBy(n => n.Summary.Pool, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g =>
            {
                var ages = g.Select(n => Math.Max(0, (now - n.Summary.LastSeen).TotalSeconds)).ToArray();
                return new PoolReading(
                    HeldGpus: g.Sum(n => (long)n.Gpus.Used),
                    DriftNodes: drift.GetValueOrDefault(g.Key),
                    OldestReportSeconds: ages.Max(),
                    SilentNodes: ages.LongCount(a => a >= silentAfter.TotalSeconds));
            },
            StringComparer.Ordinal);
    }
}
