using System.Diagnostics.Metrics;

namespace ControlPlane.Web.Telemetry;

/// <summary>
/// The operational gauges (reservations, version drift, agent report age, reconcile lag), on the control plane's meter
/// name so the hosts' subscription covers them. Labels: <c>pool</c> only, so 10,000 nodes in 20 pools are 20 series each.
/// </summary>
internal static class OperationsMetrics
{
    private static readonly Meter Meter = new(ControlPlaneMetrics.Name);

    public static void Observe(Func<OperationsReading> read)
    {
        PerPool("controlplane.reservations.held_gpus", "{gpu}", "GPUs held by reservations (a replica's, a spare's or a stand-in's), per pool.", read, p => p.HeldGpus);
        PerPool("controlplane.version_drift.nodes", "{node}", "Nodes whose driver, CUDA or NCCL version is off their pool's majority.", read, p => p.DriftNodes);
        PerPool("controlplane.agent.silent_nodes", "{node}", "Nodes whose agent has not reported for ControlPlane:Health's UnknownAfter (3 heartbeats) or longer.", read, p => p.SilentNodes);
        Meter.CreateObservableGauge("controlplane.agent.report_age", () =>
            read().Pools.Select(kv => new Measurement<double>(kv.Value.OldestReportSeconds, Pool(kv.Key))),
            unit: "s", description: "Age of the oldest agent report in the pool (the most silent node).");
        Meter.CreateObservableGauge("controlplane.reconcile.lagging_deployments", () => read().LaggingDeployments,
            unit: "{deployment}", description: "Deployments whose observed generation is behind their spec's generation.");
        Meter.CreateObservableGauge("controlplane.reconcile.lag_generations", () => read().MaxLagGenerations,
            unit: "{generation}", description: "The largest gap between a deployment's spec generation and the generation it reached.");
    }

    private static void PerPool(string name, string unit, string description, Func<OperationsReading> read, Func<PoolReading, long> value) =>
        Meter.CreateObservableGauge(name, () => read().Pools.Select(kv => new Measurement<long>(value(kv.Value), Pool(kv.Key))), unit: unit, description: description);

    private static KeyValuePair<string, object?> Pool(string pool) => new("pool", pool);
}
