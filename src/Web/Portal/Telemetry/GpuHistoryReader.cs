using Microsoft.Extensions.Options;

namespace ControlPlane.Web.Portal.Telemetry;

/// <summary>
/// The node page's GPU history over a range: from Prometheus when <see cref="GpuHistoryOptions.PrometheusUrl"/> is set,
/// else from this process's ring. Prometheus unreachable or answering an error: the ring, with the problem said.
/// </summary>
public sealed class GpuHistoryReader(IOptions<GpuHistoryOptions> options, GpuTelemetryHistory ring, PrometheusGpuHistory prometheus, TimeProvider clock, ILogger<GpuHistoryReader> logger)
{
    /// <summary>The Prometheus the charts read, or null.</summary>
    public Uri? Prometheus => options.Value.Prometheus;

    public async Task<GpuHistory> ReadAsync(string node, IEnumerable<int> gpus, GpuHistoryRange range, CancellationToken cancellation = default)
    {
        var to = clock.GetUtcNow();
        var from = to - range.Span;
        string? problem = null;
        if (Prometheus is { } url)
        {
            try
            {
                return new GpuHistory(GpuHistorySource.Prometheus, from, to, await prometheus.ReadAsync(url, node, from, to, range.Step, cancellation));
            }
            catch (PrometheusUnavailableException e)
            {
                logger.LogWarning("GPU history of {Node} from the ring instead of Prometheus: {Problem}", node, e.Message);
                problem = e.Message;
            }
        }

        return new GpuHistory(GpuHistorySource.Ring, from, to, gpus.ToDictionary(g => g, g => (IReadOnlyList<GpuSample>)[.. ring.Of(node, g).Where(s => s.At >= from)]), problem);
    }
}
