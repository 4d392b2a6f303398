using ControlPlane.Testing;
using ControlPlane.Testing.Prometheus;
using ControlPlane.Web.Portal.Telemetry;

namespace ControlPlane.Web.Tests.Telemetry;

/// <summary>What the charts' history reader says when a real Prometheus answers with an error instead of a range.</summary>
public sealed class PrometheusHistoryErrorTests
{
    [Fact(Timeout = 60_000)]
    public async Task An_error_answer_and_an_answer_that_is_not_Prometheus_API_are_reported_with_what_Prometheus_said()
    {
        await using var prometheus = await PrometheusServer.StartAsync(new Uri($"http://127.0.0.1:{FreePorts.Next()}"), "unused", TimeSpan.FromSeconds(5));
        using var http = new HttpClient();
        var reader = new PrometheusGpuHistory(http);
        var to = DateTimeOffset.UtcNow;

        // Prometheus refuses more than 11,000 points per series (400 bad_data): a 1 ms step over a day.
        var tooFine = await Assert.ThrowsAsync<PrometheusUnavailableException>(() => reader.ReadAsync(prometheus.BaseAddress, "n-1", to.AddDays(-1), to, TimeSpan.FromMilliseconds(1), CancellationToken.None));
        Assert.Contains("answered an error", tooFine.Message, StringComparison.Ordinal);
        Assert.Contains("exceeded maximum resolution", tooFine.Message, StringComparison.Ordinal);

        var notTheApi = await Assert.ThrowsAsync<PrometheusUnavailableException>(() => reader.ReadAsync(new Uri(prometheus.BaseAddress, "nope/"), "n-1", to.AddMinutes(-15), to, TimeSpan.FromSeconds(15), CancellationToken.None));
        Assert.Contains("answered 404", notTheApi.Message, StringComparison.Ordinal);
    }
}
