using System.Globalization;
using System.Text.Json;

namespace ControlPlane.Web.Portal.Telemetry;

/// <summary>
/// A node's GPU history read from Prometheus's HTTP API (<c>GET /api/v1/query_range</c>,
/// https://prometheus.io/docs/prometheus/latest/querying/api/#range-queries) over the per-GPU gauges. Several front
/// ends may export the same GPU (and a GPU changes holder labels), so each query keeps one value per GPU.
/// </summary>
public sealed class PrometheusGpuHistory(HttpClient http)
{
    /// <summary>The three series of every GPU of <paramref name="node"/>; throws <see cref="PrometheusUnavailableException"/> saying why not.</summary>
    public async Task<IReadOnlyDictionary<int, IReadOnlyList<GpuSample>>> ReadAsync(Uri prometheus, string node, DateTimeOffset from, DateTimeOffset to, TimeSpan step, CancellationToken cancellation)
    {
        var selector = $"{{node=\"{Escape(node)}\"}}";
        var queries = new[]
        {
            $"max by (gpu) (controlplane_gpu_utilization_percent{selector})",
            $"max by (gpu) (100 * controlplane_gpu_memory_used_bytes{selector} / controlplane_gpu_memory_total_bytes{selector})",
            $"max by (gpu) (controlplane_gpu_temperature_celsius{selector})",
        };
        var series = await Task.WhenAll(queries.Select(q => RangeAsync(prometheus, q, from, to, step, cancellation)));
        var (utilization, memory, temperature) = (series[0], series[1], series[2]);
        var gpus = utilization.Keys.Union(memory.Keys).Union(temperature.Keys);
        return gpus.ToDictionary(gpu => gpu, gpu => (IReadOnlyList<GpuSample>)Merge(Of(utilization, gpu), Of(memory, gpu), Of(temperature, gpu)));
    }

    /// <summary>Range queries share their timestamps (start + k × step), so the three series join on them.</summary>
    private static GpuSample[] Merge(Dictionary<long, double> utilization, Dictionary<long, double> memory, Dictionary<long, double> temperature) =>
        [.. utilization.Keys.Union(memory.Keys).Union(temperature.Keys).Order().Select(at => new GpuSample(
            DateTimeOffset.FromUnixTimeMilliseconds(at),
            utilization.TryGetValue(at, out var u) ? (int)Math.Round(u) : null,
            memory.GetValueOrDefault(at),
            temperature.TryGetValue(at, out var t) ? (int)Math.Round(t) : null,
            0, 0))];

    private static Dictionary<long, double> Of(Dictionary<int, Dictionary<long, double>> series, int gpu) => series.GetValueOrDefault(gpu) ?? [];

    private async Task<Dictionary<int, Dictionary<long, double>>> RangeAsync(Uri prometheus, string query, DateTimeOffset from, DateTimeOffset to, TimeSpan step, CancellationToken cancellation)
    {
        var uri = new Uri(prometheus, "api/v1/query_range?query=" + Uri.EscapeDataString(query)
            + "&start=" + Seconds(from) + "&end=" + Seconds(to) + "&step=" + step.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        JsonElement answer;
        try
        {
            using var response = await http.GetAsync(uri, cancellation);
            answer = await ReadJsonAsync(response, cancellation);
        }
        catch (HttpRequestException e)
        {
            throw new PrometheusUnavailableException($"Prometheus at {prometheus} is unreachable ({e.Message})", e);
        }
        catch (TaskCanceledException e) when (!cancellation.IsCancellationRequested)
        {
            throw new PrometheusUnavailableException($"Prometheus at {prometheus} did not answer within {http.Timeout.TotalSeconds:0} s", e);
        }

        if (answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("status", out var status) && status.GetString() == "success")
        {
            try
            {
                return Parse(answer.GetProperty("data"));
            }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
            {
                throw new PrometheusUnavailableException($"Prometheus at {prometheus} answered a result that is not a range query's matrix", e);
            }
        }

        var error = answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("error", out var e2) ? e2.GetString() : answer.ToString();
        throw new PrometheusUnavailableException($"Prometheus at {prometheus} answered an error: {error}");
    }

    /// <summary>Prometheus answers errors as JSON too (400, 422, 503); anything else (a proxy's HTML page) is reported by status.</summary>
    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<JsonElement>(cancellation);
        }
        catch (JsonException)
        {
            throw new PrometheusUnavailableException($"Prometheus at {response.RequestMessage?.RequestUri?.GetLeftPart(UriPartial.Authority)} answered {(int)response.StatusCode} {response.ReasonPhrase} without a query result");
        }
    }

    /// <summary><c>{"resultType":"matrix","result":[{"metric":{"gpu":"0"},"values":[[1712345678.9,"87"],…]}]}</c>.</summary>
    private static Dictionary<int, Dictionary<long, double>> Parse(JsonElement data)
    {
        var series = new Dictionary<int, Dictionary<long, double>>();
        foreach (var result in data.GetProperty("result").EnumerateArray())
        {
            if (!result.GetProperty("metric").TryGetProperty("gpu", out var label) || !int.TryParse(label.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var gpu))
            {
                continue;
            }

            var values = series[gpu] = [];
            foreach (var point in result.GetProperty("values").EnumerateArray())
            {
                var at = (long)Math.Round(point[0].GetDouble() * 1000);
                if (double.TryParse(point[1].GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
                {
                    values[at] = value;
                }
            }
        }

        return series;
    }

    private static string Seconds(DateTimeOffset at) => (at.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}

/// <summary>Prometheus could not give the history: unreachable, too slow, or an error answer; the message says which.</summary>
public sealed class PrometheusUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
