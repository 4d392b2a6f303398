using System.Diagnostics.Metrics;
using System.Globalization;
using OpenTelemetry.Metrics;

namespace ControlPlane.Web.Telemetry.Gpus;

/// <summary>
/// Per-GPU utilisation, memory and temperature, labelled with the node, pool and the deployment, pair and role holding
/// the GPU, so a DCGM-style chart joins to the serving topology. One series per GPU per gauge, nothing per report.
/// The Prometheus exporter turns dots into underscores and appends the unit's Prometheus name ("%" → percent,
/// "By" → bytes, "Cel" → celsius), which gives the documented names (docs/operations.md).
/// </summary>
internal static class GpuGauges
{
    public const string Utilization = "controlplane.gpu.utilization";
    public const string MemoryUsed = "controlplane.gpu.memory.used";
    public const string MemoryTotal = "controlplane.gpu.memory.total";
    public const string Temperature = "controlplane.gpu.temperature";

    private static readonly Meter Meter = new(ControlPlaneMetrics.Name);

    private static readonly string[] Indices = [.. Enumerable.Range(0, 64).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    /// <summary>Lifts OpenTelemetry's default of 2,000 series per metric (beyond it, series merge into one overflow series).</summary>
    public static MeterProviderBuilder AddGpuGaugeLimits(this MeterProviderBuilder metrics, int seriesLimit)
    {
        foreach (var name in new[] { Utilization, MemoryUsed, MemoryTotal, Temperature })
        {
            metrics.AddView(name, new MetricStreamConfiguration { CardinalityLimit = seriesLimit });
        }

        return metrics;
    }

    /// <summary>Registers the four gauges, read from <paramref name="readings"/> and <paramref name="holders"/> at each collection.</summary>
    public static void Observe(GpuReadings readings, Func<string, int, GpuHolding> holders)
    {
        Meter.CreateObservableGauge(Utilization, () => Measure(readings, holders, g => g.UtilizationPercent),
            unit: "%", description: "GPU utilisation (0-100) as the node agent last reported it, by the deployment, pair and role holding the GPU.");
        Meter.CreateObservableGauge(MemoryUsed, () => Measure(readings, holders, g => g.MemoryUsedBytes),
            unit: "By", description: "GPU framebuffer memory in use, by the deployment, pair and role holding the GPU.");
        Meter.CreateObservableGauge(MemoryTotal, () => Measure(readings, holders, g => g.MemoryTotalBytes),
            unit: "By", description: "GPU framebuffer memory in all, by the deployment, pair and role holding the GPU.");
        Meter.CreateObservableGauge(Temperature, () => Measure(readings, holders, g => g.TemperatureC),
            unit: "Cel", description: "GPU temperature, by the deployment, pair and role holding the GPU.");
    }

    private static IEnumerable<Measurement<long>> Measure(GpuReadings readings, Func<string, int, GpuHolding> holders, Func<GpuReading, long?> value)
    {
        foreach (var (node, reading) in readings.Current())
        {
            foreach (var gpu in reading.Gpus)
            {
                if (value(gpu) is not { } v)
                {
                    continue;
                }

                var holder = holders(node, gpu.Index);
                yield return new Measurement<long>(v,
                    new KeyValuePair<string, object?>("node", node),
                    new KeyValuePair<string, object?>("gpu", Index(gpu.Index)),
                    new KeyValuePair<string, object?>("pool", reading.Pool),
                    new KeyValuePair<string, object?>("deployment", holder.Deployment),
                    new KeyValuePair<string, object?>("pair", holder.Pair),
                    new KeyValuePair<string, object?>("role", holder.Role));
            }
        }
    }

    private static string Index(int gpu) => gpu >= 0 && gpu < Indices.Length ? Indices[gpu] : gpu.ToString(CultureInfo.InvariantCulture);
}
