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

    private static readonly Counter<long> Unauthenticated = Meter.CreateCounter<long>(
        "controlplane.api.unauthenticated", unit: "{request}", description: "Requests to audited (operator action) endpoints by callers that did not authenticate (no or bad credentials, or an authentication that failed), by action; the audit log does not record them.");

    public static void CountUnauthenticated(string action) => Unauthenticated.Add(1, new KeyValuePair<string, object?>("action", action));

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

    /// <summary>Registers the deployment, pair and open-incident gauges; <paramref name="read"/> returns the latest counts.</summary>
    public static void ObserveServing(Func<ServingCounts> read)
    {
        Meter.CreateObservableGauge("controlplane.deployments", () =>
            read().DeploymentsByStatus.Select(kv => new Measurement<long>(kv.Value, new KeyValuePair<string, object?>("status", kv.Key))),
            unit: "{deployment}", description: "Deployments by status (Running, Degraded, ApplyFailed, Unplaceable…).");
        Meter.CreateObservableGauge("controlplane.pairs", () =>
            read().PairsByStateAndTier.Select(kv => new Measurement<long>(kv.Value,
                new KeyValuePair<string, object?>("state", kv.Key.State), new KeyValuePair<string, object?>("tier", kv.Key.Tier))),
            unit: "{pair}", description: "Serving prefill/decode pairs by state and by the KV-transfer tier they were placed on (nvlink, pcie, rdma, tcp).");
        Meter.CreateObservableGauge("controlplane.incidents.open", () =>
            read().OpenIncidents.Select(kv => new Measurement<long>(kv.Value,
                new KeyValuePair<string, object?>("kind", kv.Key.Kind), new KeyValuePair<string, object?>("state", kv.Key.State))),
            unit: "{incident}", description: "Incidents not finished yet (Open, Mitigated, NeedsAttention) by kind and state.");
    }
}
