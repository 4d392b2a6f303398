using ControlPlane.Contracts.Nodes;
using ControlPlane.Testing;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Grains.Tests.Nodes;

/// <summary>A steady report keeps the previous verdicts; anything the classifier reads still reclassifies the device.</summary>
public sealed class SteadyReportTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private static ProbeReport WithGpu(ProbeReport report, int index, Func<GpuReport, GpuReport> change) =>
        report with { Gpus = [.. report.Gpus.Select(g => g.Index == index ? change(g) : g)] };

    [Fact]
    public async Task A_gpu_getting_hot_then_cooling_is_classified_each_time_though_no_fact_changed()
    {
        var node = fixture.Grains.GetGrain<INodeGrain>("steady-hot");
        var calm = Reports.Steady("steady-hot", 1);
        await node.ReportAsync(calm);
        await node.ReportAsync(calm with { Sequence = 2 });

        await node.ReportAsync(WithGpu(calm with { Sequence = 3 }, 2, g => g with { TemperatureC = 110 }));
        var hot = await node.GetAsync();
        await node.ReportAsync(calm with { Sequence = 4 });
        var cooled = await node.GetAsync();

        Assert.Equal(HealthStatus.Unhealthy, hot!.Gpus[2].Health.Status);
        Assert.Contains(hot.Gpus[2].Health.Reasons, r => r.Code == "temperature-critical" && r.Message.StartsWith("110 °C", StringComparison.Ordinal));
        Assert.Equal(HealthStatus.Healthy, cooled!.Gpus[2].Health.Status);
        Assert.Equal(HealthStatus.Healthy, cooled.Health.Status);
    }

    [Fact]
    public async Task Ecc_errors_and_a_link_down_on_an_otherwise_steady_report_change_the_verdict()
    {
        var node = fixture.Grains.GetGrain<INodeGrain>("steady-ecc");
        var calm = Reports.Steady("steady-ecc", 1);
        await node.ReportAsync(calm);

        await node.ReportAsync(WithGpu(calm with { Sequence = 2 }, 1, g => g with { Ecc = new EccCounters { VolatileUncorrected = 3 } }));
        var ecc = await node.GetAsync();
        await node.ReportAsync(WithGpu(calm with { Sequence = 3 }, 5, g => g with { NvLinksDown = [0] }));
        var view = await node.GetAsync();

        Assert.Equal(HealthStatus.Unhealthy, ecc!.Gpus[1].Health.Status);
        Assert.Equal(HealthStatus.Healthy, view!.Gpus[1].Health.Status);
        Assert.Equal(HealthStatus.Degraded, view.Gpus[5].Health.Status);
        Assert.Contains(view.Gpus[5].Health.Reasons, r => r.Code == "nvlink-down");
    }
}
