using System.Diagnostics;
using System.Diagnostics.Metrics;
using ControlPlane.Silo.Telemetry;

namespace ControlPlane.Web.Telemetry;

/// <summary>The control plane's own meter and activity source; OpenTelemetry subscribes to both by <see cref="Name"/>.</summary>
internal static class ControlPlaneMetrics
{
    public const string Name = TelemetryConfiguration.ControlPlaneSource;

    public static readonly ActivitySource Activities = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> ReportsIngested = Meter.CreateCounter<long>(
        "controlplane.probe.reports", unit: "{report}", description: "Probe reports received, by outcome (accepted, duplicate, stale, invalid).");

    public static readonly Histogram<double> IngestionLatency = Meter.CreateHistogram<double>(
        "controlplane.probe.ingestion.duration", unit: "ms", description: "Time from a report's arrival to its acknowledgement by the node grain.");

    /// <summary>Registers the gauges of nodes and GPUs by health; <paramref name="read"/> returns the latest counts.</summary>
    public static void ObserveFleetHealth(Func<IEnumerable<KeyValuePair<string, (long Nodes, long Gpus)>>> read)
    {
        Meter.CreateObservableGauge("controlplane.nodes", () =>
            read().Select(kv => new Measurement<long>(kv.Value.Nodes, new KeyValuePair<string, object?>("health", kv.Key))),
            unit: "{node}", description: "Nodes by health.");
        Meter.CreateObservableGauge("controlplane.gpus", () =>
            read().Select(kv => new Measurement<long>(kv.Value.Gpus, new KeyValuePair<string, object?>("health", kv.Key))),
            unit: "{gpu}", description: "GPUs by the health of their node (healthy GPUs of degraded nodes count as degraded).");
    }
}
