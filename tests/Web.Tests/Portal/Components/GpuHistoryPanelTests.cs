using System.Globalization;
using Bunit;
using ControlPlane.Testing;
using ControlPlane.Web.Portal;
using ControlPlane.Web.Portal.Shared;
using ControlPlane.Web.Portal.Telemetry;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ControlPlane.Web.Tests.Portal.Components;

/// <summary>The node page's GPU charts: a time range to choose, and the charts say where their points came from.</summary>
public sealed class GpuHistoryPanelTests
{
    private const string Node = "panel-1";

    [Fact]
    public async Task Without_Prometheus_the_charts_show_this_processs_ring_say_so_and_a_range_button_widens_the_time_axis()
    {
        await using var context = Context(prometheusUrl: null, out var ring);
        var now = DateTimeOffset.UtcNow;
        foreach (var ago in new[] { 120, 60, 5 })
        {
            ring.Record(Node, Reports.For(Node, sequence: ago, at: now.AddSeconds(-ago)));
        }

        var panel = Render(context);

        Assert.Equal("Ring", panel.Find("#history-source").GetAttribute("data-source"));
        Assert.Contains("per process", panel.Find("#history-source").TextContent, StringComparison.Ordinal);
        Assert.Empty(panel.FindAll("#history-problem"));
        Assert.Equal(3, panel.FindAll("[data-gpu-card='0'] [data-series='util'] circle").Count);
        Assert.Equal(15 * 60, Span(panel));

        panel.Find("[data-range='6h']").Click();

        Assert.Equal("true", panel.Find("[data-range='6h']").GetAttribute("aria-pressed"));
        Assert.Equal("false", panel.Find("[data-range='15m']").GetAttribute("aria-pressed"));
        Assert.Equal(6 * 3600, Span(panel));
        Assert.Contains("last 6 h", panel.Find("#history-source").TextContent, StringComparison.Ordinal);
        Assert.Equal(3, panel.FindAll("[data-gpu-card='0'] [data-series='util'] circle").Count);
    }

    [Fact]
    public async Task Prometheus_unreachable_the_charts_say_so_and_show_the_ring()
    {
        var closed = $"http://127.0.0.1:{FreePorts.Next()}/";
        await using var context = Context(closed, out var ring);
        ring.Record(Node, Reports.For(Node, sequence: 1, at: DateTimeOffset.UtcNow.AddSeconds(-10)));
        ring.Record(Node, Reports.For(Node, sequence: 2, at: DateTimeOffset.UtcNow));

        var panel = Render(context);

        panel.WaitForAssertion(() => Assert.Contains("unreachable", panel.Find("#history-problem").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Contains(closed, panel.Find("#history-problem").TextContent, StringComparison.Ordinal);
        Assert.Equal("Ring", panel.Find("#history-source").GetAttribute("data-source"));
        Assert.Equal(2, panel.FindAll("[data-gpu-card='0'] [data-series='util'] circle").Count);
    }

    private static PortalComponentContext Context(string? prometheusUrl, out GpuTelemetryHistory ring)
    {
        var context = new PortalComponentContext("viewer");
        ring = new GpuTelemetryHistory(Options.Create(new PortalOptions()));
        context.Services.AddLogging();
        context.Services.AddSingleton(ring);
        context.Services.AddSingleton(TimeProvider.System);
        context.Services.AddSingleton(Options.Create(new GpuHistoryOptions { PrometheusUrl = prometheusUrl }));
        context.Services.AddSingleton(new PrometheusGpuHistory(new HttpClient { Timeout = TimeSpan.FromSeconds(5) }));
        context.Services.AddSingleton<GpuHistoryReader>();
        return context;
    }

    private static IRenderedComponent<GpuHistoryPanel> Render(PortalComponentContext context)
    {
        var gpus = Reports.For(Node).Gpus.Select(g => new GpuState { Report = g, Health = DeviceHealth.Healthy }).ToArray();
        return context.Render<GpuHistoryPanel>(p => p.Add(c => c.Node, Node).Add(c => c.Gpus, gpus));
    }

    /// <summary>Seconds from the first to the last time-axis tick of GPU 0's utilisation chart.</summary>
    private static long Span(IRenderedComponent<GpuHistoryPanel> panel)
    {
        var ticks = panel.FindAll("[data-gpu-card='0'] [data-series='util'] [data-x-tick]").Select(t => long.Parse(t.GetAttribute("data-x-tick")!, CultureInfo.InvariantCulture)).ToArray();
        return ticks[^1] - ticks[0];
    }
}
