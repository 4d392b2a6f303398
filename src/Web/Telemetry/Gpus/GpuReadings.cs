using System.Collections.Concurrent;
using ControlPlane.Web.Ingestion;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Web.Telemetry.Gpus;

/// <summary>
/// The latest reading of every GPU whose reports this front end ingests, for the per-GPU gauges: one entry per GPU,
/// replaced by each report (a bounded set whatever the report rate). Each front end exports the GPUs it hears of; a
/// GPU not heard of for <see cref="StaleAfter"/> (its node went silent or reports elsewhere now) leaves the scrape.
/// </summary>
public sealed class GpuReadings(TimeProvider clock) : IAcceptedReportObserver
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(5);

    private const long BytesPerMiB = 1024 * 1024;

    private readonly ConcurrentDictionary<string, NodeReading> _nodes = new(StringComparer.Ordinal);

    void IAcceptedReportObserver.Accepted(string node, ProbeReport report) => Record(node, report);

    public void Record(string node, ProbeReport report) =>
        _nodes[node] = new NodeReading(report.Pool, clock.GetUtcNow(), [.. report.Gpus.Select(g => new GpuReading(
            g.Index, g.UtilizationPercent, g.MemoryUsedMiB * BytesPerMiB, g.MemoryTotalMiB * BytesPerMiB, g.TemperatureC))]);

    /// <summary>Every node heard of within <see cref="StaleAfter"/>, with its GPUs' latest readings.</summary>
    public IEnumerable<(string Node, NodeReading Reading)> Current()
    {
        var since = clock.GetUtcNow() - StaleAfter;
        foreach (var (node, reading) in _nodes)
        {
            if (reading.At >= since)
            {
                yield return (node, reading);
            }
            else
            {
                _nodes.TryRemove(new KeyValuePair<string, NodeReading>(node, reading));
            }
        }
    }
}

/// <summary>A node's pool and GPU readings as of its latest report.</summary>
public sealed record NodeReading(string Pool, DateTimeOffset At, GpuReading[] Gpus);

/// <summary>One GPU's values as the agent reported them (memory in bytes, the gauges' base unit).</summary>
public readonly record struct GpuReading(int Index, int? UtilizationPercent, long MemoryUsedBytes, long MemoryTotalBytes, int? TemperatureC);
