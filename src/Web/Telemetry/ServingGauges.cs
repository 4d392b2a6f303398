using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Incidents;
using ControlPlane.Silo.Hosting;
using ControlPlane.Silo.Telemetry;
using ControlPlane.Wire.Incidents;
using Microsoft.Extensions.Options;

namespace ControlPlane.Web.Telemetry;

/// <summary>
/// Feeds the deployment, pair and incident gauges that the shipped alert rules (deploy/monitoring) read. Gauges are
/// read synchronously, grains are not: this refreshes a <see cref="ServingCounts"/> in the background every
/// <see cref="TelemetryOptions.GaugeInterval"/>; a failed reading keeps the last one.
/// </summary>
internal sealed class ServingGauges(IGrainFactory grains, IOptions<TelemetryOptions> options, TimeProvider clock, ILogger<ServingGauges> logger)
    : ResilientLoop(clock, logger)
{
    /// <summary>Incidents still being handled; Recovered, Merged and Resolved ones are done.</summary>
    private static readonly IncidentState[] Unfinished = [IncidentState.Open, IncidentState.Mitigated, IncidentState.NeedsAttention];

    private volatile ServingCounts _counts = ServingCounts.None;

    protected override TimeSpan Every => options.Value.GaugeInterval;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        ControlPlaneMetrics.ObserveServing(() => _counts);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task StepAsync(CancellationToken stoppingToken) => _counts = await ReadAsync();

    private async Task<ServingCounts> ReadAsync()
    {
        var names = await DeploymentDirectory.ListAsync(grains);
        var views = await Task.WhenAll(names.Select(n => grains.GetGrain<IModelDeploymentGrain>(n).GetAsync()));
        var deployments = new Dictionary<string, long>(StringComparer.Ordinal);
        var pairs = new Dictionary<(string, string), long>();
        foreach (var view in views.OfType<Wire.Deployments.DeploymentView>())
        {
            Add(deployments, view.Status.ToString());
            foreach (var pair in view.Pairs)
            {
                Add(pairs, (pair.State.ToString(), pair.Placement.Tier));
            }
        }

        var incidents = new Dictionary<(string, string), long>();
        var directory = grains.GetGrain<IIncidentDirectoryGrain>(IIncidentDirectoryGrain.Key);
        foreach (var state in Unfinished)
        {
            string? after = null;
            do
            {
                var page = await directory.ListAsync(new IncidentFilter { State = state, After = after, Limit = 500 });
                foreach (var incident in page)
                {
                    Add(incidents, (incident.Kind.ToString(), incident.State.ToString()));
                }

                after = page.Length == 500 ? page[^1].Id : null;
            }
            while (after is not null);
        }

        return new ServingCounts { DeploymentsByStatus = deployments, PairsByStateAndTier = pairs, OpenIncidents = incidents };
    }

    private static void Add<TKey>(Dictionary<TKey, long> counts, TKey key) where TKey : notnull =>
        counts[key] = counts.GetValueOrDefault(key) + 1;
}
