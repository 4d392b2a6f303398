using Bunit;
using ControlPlane.Testing;
using ControlPlane.Web.Portal.Shared;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Nodes;

namespace ControlPlane.Web.Tests.Portal.Components;

/// <summary>The node page's GPU cards say which GPU they are (issue 23, bug 1: every card read "GPU@Gpu.Report.Index").</summary>
public sealed class GpuTelemetryCardTests
{
    [Fact]
    public async Task A_cards_title_is_the_gpus_index_not_the_razor_expression()
    {
        await using var context = new PortalComponentContext("viewer");
        var report = Reports.Steady("card-1", 1).Gpus[3];

        var card = context.Render<GpuTelemetryCard>(p => p.Add(c => c.Gpu, new GpuState { Report = report, Health = DeviceHealth.Healthy }));

        var title = card.Find(".gpu-card .mud-typography-subtitle2").TextContent;
        Assert.StartsWith($"GPU {report.Index}", title.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("@", title, StringComparison.Ordinal);
    }
}
