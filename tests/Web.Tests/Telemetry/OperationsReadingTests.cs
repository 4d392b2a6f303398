using System.Diagnostics.Metrics;
using ControlPlane.Web.Portal.Fleet;
using ControlPlane.Web.Telemetry;
using ControlPlane.Wire.Fleet;
using ControlPlane.Wire.Health;
using Xunit.Abstractions;

namespace ControlPlane.Web.Tests.Telemetry;

/// <summary>The per-pool reading behind the operational gauges: what it counts, and that 10,000 nodes stay a few series.</summary>
public sealed class OperationsReadingTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 2, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan SilentAfter = TimeSpan.FromSeconds(45);

    [Fact]
    public void A_pool_reads_its_held_gpus_drifting_nodes_oldest_report_and_silent_agents()
    {
        var snapshot = Snapshot(
            [Node("a-1", "a", seenAgo: 5, used: 2), Node("a-2", "a", seenAgo: 44, used: 0), Node("a-3", "a", seenAgo: 300, used: 8), Node("b-1", "b", seenAgo: 1, used: 1)],
            [Drift("a-3", "a", "nccl"), Drift("a-3", "a", "cuda"), Drift("a-2", "a", "nccl")]);

        var pools = OperationsGauges.Pools(snapshot, Now, SilentAfter);

        Assert.Equal(new PoolReading(HeldGpus: 10, DriftNodes: 2, OldestReportSeconds: 300, SilentNodes: 1), pools["a"]);
        Assert.Equal(new PoolReading(HeldGpus: 1, DriftNodes: 0, OldestReportSeconds: 1, SilentNodes: 0), pools["b"]);
    }

    [Fact]
    public void Ten_thousand_nodes_in_twenty_pools_are_eighty_pool_series()
    {
        var nodes = Enumerable.Range(0, 10_000).Select(i => Node($"n{i:D5}", $"card-{i % 20:D2}", seenAgo: i % 90, used: i % 9)).ToArray();
        var drift = nodes.Where((_, i) => i % 97 == 0).Select(n => Drift(n.Summary.Node, n.Summary.Pool, "nccl")).ToArray();
        var reading = new OperationsReading { Pools = OperationsGauges.Pools(Snapshot(nodes, drift), Now, SilentAfter) };

        // The gauges as a collector sees them: every (instrument, labels) measured, for this test's pools.
        var series = new HashSet<string>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ControlPlaneMetrics.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        {
            var labels = tags.ToArray();
            if (labels.Any(t => t.Key == "pool" && t.Value is string pool && pool.StartsWith("card-", StringComparison.Ordinal)))
            {
                lock (series)
                {
                    series.Add($"{instrument.Name}{{{string.Join(",", labels.Select(t => $"{t.Key}={t.Value}"))}}}");
                }
            }
        }

        listener.SetMeasurementEventCallback<long>(Record);
        listener.SetMeasurementEventCallback<double>(Record);
        listener.Start();
        OperationsMetrics.Observe(() => reading);
        listener.RecordObservableInstruments();

        output.WriteLine($"10,000 nodes in {reading.Pools.Count} pools: {series.Count} pool series (+2 reconcile-lag series without labels)");
        Assert.Equal(20 * 4, series.Count);
        Assert.Equal(nodes.Sum(n => (long)n.Gpus.Used), reading.Pools.Values.Sum(p => p.HeldGpus));
        Assert.Equal(drift.Length, reading.Pools.Values.Sum(p => p.DriftNodes));
        Assert.Equal(nodes.LongCount(n => Now - n.Summary.LastSeen >= SilentAfter), reading.Pools.Values.Sum(p => p.SilentNodes));
    }

    private static FleetSnapshot Snapshot(FleetNode[] nodes, VersionDrift[] drift) =>
        new(1, Now, nodes, new VersionReport { Groups = [], Drift = drift });

    private static FleetNode Node(string name, string pool, int seenAgo, int used) => new(
        new NodeSummary
        {
            Node = name, Pool = pool, Health = HealthStatus.Healthy, Readiness = Readiness.Ready, Cordoned = false, GpuCount = 8, HealthyGpus = 8,
            ActiveNics = 8, Nics = 8, LastSeen = Now - TimeSpan.FromSeconds(seenAgo),
        },
        new GpuUse(8 - used, used, 0),
        null);

    private static VersionDrift Drift(string node, string pool, string field) =>
        new() { Node = node, Pool = pool, Field = field, Value = "2.18.3", Majority = "2.21.5" };
}
