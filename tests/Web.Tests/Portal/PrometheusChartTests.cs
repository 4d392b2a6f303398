using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ControlPlane.Testing;
using ControlPlane.Testing.Prometheus;
using ControlPlane.Web.Tests.Portal.Components;
using ControlPlane.Web.Tests.Telemetry;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace ControlPlane.Web.Tests.Portal;

/// <summary>
/// With <c>ControlPlane:Telemetry:PrometheusUrl</c> set, the node page's GPU charts are read from a real Prometheus that
/// scrapes the control plane's <c>/metrics</c> every second (issue 23 History): hours of history, not one process's memory.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PrometheusChartTests(PortalFixture fixture, ITestOutputHelper output)
{
    [Fact(Timeout = 240_000)]
    public async Task The_node_pages_charts_show_points_read_from_Prometheus_one_per_step_and_say_where_they_came_from()
    {
        var prometheusPort = FreePorts.Next();
        using var plane = await MeteredControlPlane.StartAsync("--ControlPlane:Simulator:Enabled=true", "--ControlPlane:Simulator:Nodes=2",
            "--ControlPlane:Simulator:Interval=00:00:01", $"--ControlPlane:Telemetry:PrometheusUrl=http://127.0.0.1:{prometheusPort}/");
        await using var prometheus = await PrometheusServer.StartAsync(plane.BaseAddress, RunningControlPlane.AdminKey, TimeSpan.FromSeconds(1), prometheusPort);
        var node = (await Eventually.Until(async () => ExposedSeries.Parse(await plane.ScrapeAsync()).FirstOrDefault(s => s.Name == "controlplane_gpu_utilization_percent"),
            s => s is not null, attempts: 300))!["node"];

        // The chart's 15-minute range has a point every 15 s once Prometheus holds a sample before that step: wait for two.
        var query = $"max by (gpu) (controlplane_gpu_utilization_percent{{node=\"{node}\",gpu=\"0\"}})";
        var points = await Eventually.Until(() => RangePointsAsync(prometheus, query), p => p.Length >= 2, attempts: 90, delayMs: 1000);
        output.WriteLine($"Prometheus at {prometheus.BaseAddress} holds {points.Length} points of {node} GPU 0 over the last 15 min at a 15 s step: {string.Join(", ", points)}");

        var page = await SignedInAsync(plane);
        await page.GotoAsync($"/nodes/{node}");
        await Expect(page.Locator("#history-source")).ToHaveAttributeAsync("data-source", "Prometheus");
        await Expect(page.Locator("#history-source")).ToContainTextAsync($"from Prometheus at http://127.0.0.1:{prometheusPort}/");
        var circles = page.Locator("[data-gpu-card='0'] [data-series='util'] circle.chart-point");
        await Expect(circles).Not.ToHaveCountAsync(0);
        await Expect(circles.Nth(1)).ToBeAttachedAsync();
        var times = (await circles.EvaluateAllAsync<long[]>("cs => cs.map(c => Number(c.dataset.at))")).ToArray();
        output.WriteLine($"the chart of GPU 0 shows {times.Length} points at {string.Join(", ", times.Select(t => DateTimeOffset.FromUnixTimeSeconds(t).ToString("HH:mm:ss", CultureInfo.InvariantCulture)))}");

        // The simulator reports every second; points 15 s apart are Prometheus's steps, not the ring's samples.
        Assert.All(times.Zip(times.Skip(1)), p => Assert.Equal(0, (p.Second - p.First) % 15));
        Assert.Empty(await page.Locator("#history-problem").AllAsync());
        Assert.Contains("°C", await page.Locator("[data-gpu-card='0'] [data-series='temp'] [data-y-tick]").Last.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("Prometheus", await page.Locator("#history-source").GetAttributeAsync("data-source"));
        await page.Locator("#history-range").ScrollIntoViewIfNeededAsync();
        await Screenshots.TakeAsync(page, "node-gpu-history");
        await page.Context.CloseAsync();
    }

    private static async Task<string[]> RangePointsAsync(PrometheusServer prometheus, string query)
    {
        var end = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var answer = await prometheus.Client.GetFromJsonAsync<JsonElement>(new Uri(
            $"api/v1/query_range?query={Uri.EscapeDataString(query)}&start={end - 900}&end={end}&step=15", UriKind.Relative));
        return answer.GetProperty("data").GetProperty("result") is { ValueKind: JsonValueKind.Array } result && result.GetArrayLength() > 0
            ? [.. result[0].GetProperty("values").EnumerateArray().Select(v => v[1].GetString()!)]
            : [];
    }

    private async Task<IPage> SignedInAsync(MeteredControlPlane plane)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = plane.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1600, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.FillAsync("#key", RunningControlPlane.AdminKey);
        await page.ClickAsync("#sign-in");
        await Expect(page.Locator("#fleet-table")).ToBeVisibleAsync();
        return page;
    }
}
