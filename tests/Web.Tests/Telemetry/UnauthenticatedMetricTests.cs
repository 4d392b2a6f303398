using System.Net;
using System.Net.Http.Json;
using ControlPlane.Testing;
using Xunit.Abstractions;

namespace ControlPlane.Web.Tests.Telemetry;

/// <summary>
/// Operator actions answered 401 are not in the audit log; Prometheus sees them as
/// <c>controlplane_api_unauthenticated_total{action}</c> (its own process, so the count is exact).
/// </summary>
public sealed class UnauthenticatedMetricTests(ITestOutputHelper output)
{
    [Fact(Timeout = 120_000)]
    public async Task Cordons_without_valid_credentials_are_scraped_as_controlplane_api_unauthenticated_total_by_action()
    {
        using var plane = await MeteredControlPlane.StartAsync();
        using var stranger = new HttpClient { BaseAddress = plane.BaseAddress };
        for (var i = 0; i < 5; i++)
        {
            using var cordon = await stranger.PostAsJsonAsync(new Uri("/api/v1/nodes/h20-01/cordon", UriKind.Relative), new { reason = "flood" });
            Assert.Equal(HttpStatusCode.Unauthorized, cordon.StatusCode);
        }

        using (var delete = await stranger.DeleteAsync(new Uri("/api/v1/deployments/anything", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, delete.StatusCode);
        }

        // A 401 on an endpoint that is no operator action (a read) is not counted here.
        using (var read = await stranger.GetAsync(new Uri("/api/v1/audit", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
        }

        var scrape = await Eventually.Until(plane.ScrapeAsync, s => PrometheusText.Sum(s, "controlplane_api_unauthenticated_total", ("action", "delete-deployment")) is not null);
        output.WriteLine(string.Join('\n', scrape.Split('\n').Where(l => l.StartsWith("controlplane_api_unauthenticated", StringComparison.Ordinal))));
        Assert.Equal(5, PrometheusText.Sum(scrape, "controlplane_api_unauthenticated_total", ("action", "cordon")));
        Assert.Equal(1, PrometheusText.Sum(scrape, "controlplane_api_unauthenticated_total", ("action", "delete-deployment")));
        Assert.Equal(6, PrometheusText.Sum(scrape, "controlplane_api_unauthenticated_total"));
    }
}
