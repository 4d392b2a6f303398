using ControlPlane.Simulation;
using ControlPlane.Web.Ingestion;
using ControlPlane.Wire.Nodes;
using Microsoft.Extensions.Options;

namespace ControlPlane.Web.Simulation;

/// <summary>
/// Drives the simulated fleet through the same ingestion entry point as the REST endpoint, each
/// node on its own jittered schedule, until the host stops.
/// </summary>
internal sealed class SimulatedFleetService(SimulatedFleet fleet, ProbeIngestion ingestion, IOptions<SimulatorOptions> options, TimeProvider clock, ILogger<SimulatedFleetService> logger)
    : BackgroundService
{
    private const int MaxInFlight = 128;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var random = new Random();
        var due = fleet.Nodes.ToDictionary(n => n.Name, _ => clock.GetUtcNow());
        logger.LogInformation("Simulating {Count} nodes reporting every {Interval}", fleet.Nodes.Count, settings.Interval);
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Min(250, settings.Interval.TotalMilliseconds / 2)), clock);
        do
        {
            var now = clock.GetUtcNow();
            var reporting = new List<SimulatedNode>();
            foreach (var node in fleet.Nodes)
            {
                if (due[node.Name] > now || node.IsSilent)
                {
                    continue;
                }

                due[node.Name] = now + settings.Interval * (1 + settings.Jitter * ((random.NextDouble() * 2) - 1));
                reporting.Add(node);
            }

            // Bounded like a real fleet's agents, which do not all report in the same millisecond: 10,000 nodes
            // starting at once would otherwise queue past the cluster's response timeout.
            await Parallel.ForEachAsync(reporting, new ParallelOptions { MaxDegreeOfParallelism = MaxInFlight, CancellationToken = stoppingToken },
                async (node, _) => await ReportAsync(node, now, Random.Shared));
        }
        while (await tick.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task ReportAsync(SimulatedNode node, DateTimeOffset now, Random random)
    {
        try
        {
            var result = await ingestion.IngestAsync(node.Name, node.NextReport(now, random));
            if (result.Ack is { Outcome: ProbeOutcome.Stale } stale)
            {
                node.JumpPast(stale.LastAcceptedSequence);
            }
            else if (result.Errors is { } errors)
            {
                logger.LogError("Simulated node {Node} produced an invalid report: {Errors}", node.Name, string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
            }
        }
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
        {
            // A timeout, a dead or stopped silo, storage down: weather. The node reports again next interval, as an agent would.
            logger.LogWarning(e, "Simulated report of {Node} failed; it reports again next interval", node.Name);
        }
    }
}
