using Bunit;
using ControlPlane.Simulation;
using ControlPlane.Web.Portal.Shared;
using ControlPlane.Web.Portal.Topology;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Nodes;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Web.Tests.Portal.Components;

public sealed class LinkHeatmapTests
{
    [Fact]
    public async Task Every_cell_of_an_H20_matrix_is_coloured_by_its_link_kind_and_NV18_is_the_darkest_green()
    {
        var report = ReportOf("h20-01");
        await using var context = new PortalComponentContext(role: null);

        var heatmap = context.Render<LinkHeatmap>(p => p
            .Add(h => h.Topology, report.Topology)
            .Add(h => h.Gpus, [.. report.Gpus.Select(g => new GpuState { Report = g, Health = DeviceHealth.Healthy })])
            .Add(h => h.Nics, [.. report.Nics.Select(n => new NicState { Report = n, Health = DeviceHealth.Healthy })]));

        var cells = heatmap.FindAll("#topology-heatmap td[data-link]");
        Assert.Equal(report.Topology.Devices.Length * report.Topology.Devices.Length, cells.Count);
        foreach (var cell in cells)
        {
            Assert.Contains($"background-color:{LinkColors.Background(cell.GetAttribute("data-link"))}", cell.GetAttribute("style"), StringComparison.Ordinal);
        }

        var nv18 = heatmap.FindAll("td[data-link=NV18]");
        Assert.Equal(8 * 7, nv18.Count);
        Assert.All(nv18, c => Assert.Contains("hsl(140, 55%, 28%)", c.GetAttribute("style"), StringComparison.Ordinal));
        Assert.Contains(cells, c => c.GetAttribute("data-link") is "PIX" or "PXB" or "NODE" or "SYS");
        Assert.NotEqual(LinkColors.Background("NV18"), LinkColors.Background("NV4"));
        Assert.Equal("#c62828", LinkColors.Background("SYS"));
        Assert.Equal(ReadableText.White, LinkColors.Foreground("SYS"));
        Assert.Equal(ReadableText.White, LinkColors.Foreground("NV18"));
        Assert.Equal(ReadableText.Black, LinkColors.Foreground("NV1"));
    }

    [Fact]
    public async Task Devices_are_grouped_by_NUMA_node_in_the_header()
    {
        var report = ReportOf("h20-01");
        await using var context = new PortalComponentContext(role: null);

        var heatmap = context.Render<LinkHeatmap>(p => p
            .Add(h => h.Topology, report.Topology)
            .Add(h => h.Gpus, [.. report.Gpus.Select(g => new GpuState { Report = g, Health = DeviceHealth.Healthy })]));

        var groups = heatmap.FindAll("th.numa-group");
        var numaNodes = report.Gpus.Select(g => g.NumaNode).Distinct().Count();
        Assert.True(groups.Count >= numaNodes, $"{groups.Count} NUMA header groups for {numaNodes} NUMA nodes");
        Assert.Equal(report.Topology.Devices.Length, groups.Sum(g => int.Parse(g.GetAttribute("colspan") ?? "1", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_NIC_whose_port_is_Down_is_marked_down_in_its_header_and_its_cells()
    {
        var report = ReportOf("a100-01");
        Assert.Contains(report.Nics, n => n.Device == "mlx5_0" && n.State == PortState.Down);
        await using var context = new PortalComponentContext(role: null);

        var heatmap = context.Render<LinkHeatmap>(p => p
            .Add(h => h.Topology, report.Topology)
            .Add(h => h.Gpus, [.. report.Gpus.Select(g => new GpuState { Report = g, Health = DeviceHealth.Healthy })])
            .Add(h => h.Nics, [.. report.Nics.Select(n => new NicState { Report = n, Health = DeviceHealth.Healthy })]));

        var downHeaders = heatmap.FindAll("th.down");
        Assert.NotEmpty(downHeaders);
        Assert.All(downHeaders, h => Assert.Equal("mlx5_0", h.GetAttribute("data-device")));
        Assert.Contains("port Down", downHeaders[0].GetAttribute("title"), StringComparison.Ordinal);
        var downCells = heatmap.FindAll("td.down");
        Assert.Equal((2 * report.Topology.Devices.Length) - 1, downCells.Count);
        Assert.All(downCells, c => Assert.True(c.GetAttribute("data-row") == "mlx5_0" || c.GetAttribute("data-col") == "mlx5_0"));
        Assert.Empty(heatmap.FindAll("th[data-device=mlx5_1].down"));
    }

    private static ProbeReport ReportOf(string node) =>
        new SimulatedFleet(6).Find(node)!.NextReport(DateTimeOffset.UtcNow, new Random(7));
}
