using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Health.Tests;

public sealed class GpuHealthClassifierTests
{
    private static readonly HealthOptions Options = new();
    private static readonly ProbeReport H20 = Reports.Steady("h20-x", 1);

    private static DeviceHealth Classify(GpuReport gpu, params XidEvent[] xids) => GpuHealthClassifier.Classify(gpu, xids, H20.Topology, Options);

    [Fact]
    public void A_quiet_gpu_is_healthy_with_no_reasons()
    {
        var health = Classify(H20.Gpus[0]);
        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.Empty(health.Reasons);
    }

    [Theory]
    [InlineData(13, HealthStatus.Degraded, RemediationAction.RestartWorkload)]
    [InlineData(31, HealthStatus.Degraded, RemediationAction.RestartWorkload)]
    [InlineData(43, HealthStatus.Degraded, RemediationAction.RestartWorkload)]
    [InlineData(45, HealthStatus.Degraded, RemediationAction.Monitor)]
    [InlineData(48, HealthStatus.Unhealthy, RemediationAction.ResetGpu)]
    [InlineData(61, HealthStatus.Degraded, RemediationAction.ResetGpu)]
    [InlineData(62, HealthStatus.Unhealthy, RemediationAction.ResetGpu)]
    [InlineData(63, HealthStatus.Degraded, RemediationAction.ResetGpu)]
    [InlineData(64, HealthStatus.Unhealthy, RemediationAction.ResetGpu)]
    [InlineData(68, HealthStatus.Degraded, RemediationAction.RestartWorkload)]
    [InlineData(69, HealthStatus.Degraded, RemediationAction.RestartWorkload)]
    [InlineData(74, HealthStatus.Unhealthy, RemediationAction.ResetGpu)]
    [InlineData(79, HealthStatus.Unhealthy, RemediationAction.RebootNode)]
    [InlineData(92, HealthStatus.Degraded, RemediationAction.Monitor)]
    [InlineData(94, HealthStatus.Degraded, RemediationAction.RestartWorkload)]
    [InlineData(95, HealthStatus.Unhealthy, RemediationAction.ResetGpu)]
    [InlineData(119, HealthStatus.Unhealthy, RemediationAction.ResetGpu)]
    [InlineData(120, HealthStatus.Unhealthy, RemediationAction.ResetGpu)]
    public void Each_catalogued_xid_maps_to_its_severity_and_action(int code, HealthStatus severity, RemediationAction action)
    {
        var health = Classify(H20.Gpus[0], new XidEvent { Code = code, At = DateTimeOffset.UtcNow });

        var reason = Assert.Single(health.Reasons);
        Assert.Equal($"xid-{code}", reason.Code);
        Assert.Equal((severity, action), (reason.Severity, reason.Action));
        Assert.Equal(severity, health.Status);
    }

    [Fact]
    public void An_unknown_xid_is_degraded_and_watched()
    {
        var reason = Assert.Single(Classify(H20.Gpus[0], new XidEvent { Code = 999, At = DateTimeOffset.UtcNow }).Reasons);
        Assert.Equal((HealthStatus.Degraded, RemediationAction.Monitor), (reason.Severity, reason.Action));
    }

    [Fact]
    public void Uncorrectable_ecc_makes_the_gpu_unhealthy()
    {
        var health = Classify(H20.Gpus[0] with { Ecc = new EccCounters { VolatileUncorrected = 2 } });
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Equal("ecc-uncorrectable", Assert.Single(health.Reasons).Code);
    }

    [Fact]
    public void Correctable_ecc_counts_only_past_the_threshold()
    {
        Assert.Equal(HealthStatus.Healthy, Classify(H20.Gpus[0] with { Ecc = new EccCounters { VolatileCorrected = Options.CorrectableEccDegraded - 1 } }).Status);
        Assert.Equal(HealthStatus.Degraded, Classify(H20.Gpus[0] with { Ecc = new EccCounters { VolatileCorrected = Options.CorrectableEccDegraded } }).Status);
    }

    [Fact]
    public void Pending_row_remap_is_degraded_and_a_remap_failure_means_replace()
    {
        var pending = Assert.Single(Classify(H20.Gpus[0] with { RemappedRows = new RemappedRows { Pending = true } }).Reasons);
        var failed = Assert.Single(Classify(H20.Gpus[0] with { RemappedRows = new RemappedRows { Failure = true, Pending = true } }).Reasons);
        Assert.Equal(("row-remap-pending", HealthStatus.Degraded), (pending.Code, pending.Severity));
        Assert.Equal(("row-remap-failure", RemediationAction.ReplaceGpu), (failed.Code, failed.Action));
    }

    [Theory]
    [InlineData(84, HealthStatus.Healthy)]
    [InlineData(85, HealthStatus.Degraded)]
    [InlineData(95, HealthStatus.Unhealthy)]
    public void Temperature_thresholds_come_from_configuration(int celsius, HealthStatus expected) =>
        Assert.Equal(expected, Classify(H20.Gpus[0] with { TemperatureC = celsius }).Status);

    [Fact]
    public void Some_nvlinks_down_is_degraded_all_down_on_an_nvlinked_gpu_is_unhealthy()
    {
        var gpu = H20.Gpus[0];
        var someDown = gpu with { NvLinksDown = [3, 5] };
        var allDown = gpu with { NvLinksDown = [.. Enumerable.Range(0, 18)] };

        Assert.Equal(HealthStatus.Degraded, Classify(someDown).Status);
        Assert.Contains("2 of 18", Classify(someDown).Reasons[0].Message, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Unhealthy, Classify(allDown).Status);
    }

    [Fact]
    public void Per_link_detail_counts_the_same_as_the_compact_form()
    {
        var detailed = H20.Gpus[0] with
        {
            NvLinkCount = 0,
            NvLinks = [.. Enumerable.Range(0, 18).Select(l => new NvLinkState { Link = l, Active = l is not (3 or 5), SpeedGBps = 26.562 })],
        };

        Assert.Equal((18, 2), detailed.NvLinkTotals());
        Assert.Equal(Classify(H20.Gpus[0] with { NvLinksDown = [3, 5] }).Reasons.Single().Message, Classify(detailed).Reasons.Single().Message);
    }

    [Fact]
    public void Xids_are_remembered_for_their_window_then_forgotten()
    {
        var start = DateTimeOffset.UtcNow;
        var fellOff = new XidEvent { Code = 79, At = start };
        var pageFault = new XidEvent { Code = 31, At = start };

        var soon = XidMemory.Remember([], [fellOff, pageFault], start.AddMinutes(1), Options);
        var later = XidMemory.Remember(soon, [], start + Options.XidDegradedWindow + TimeSpan.FromSeconds(1), Options);
        var muchLater = XidMemory.Remember(later, [], start + Options.XidUnhealthyWindow + TimeSpan.FromSeconds(1), Options);

        Assert.Equal(2, soon.Length);
        Assert.Equal(79, Assert.Single(later).Code);
        Assert.Empty(muchLater);
    }

    [Fact]
    public void A_nic_port_that_is_not_active_is_unhealthy_with_check_nic()
    {
        var a100 = Reports.Steady("a100-x", 1, NodeTemplates.A100);
        var down = NicHealthClassifier.Classify(a100.Nics.Single(n => n.Device == "mlx5_0"));
        var up = NicHealthClassifier.Classify(a100.Nics.Single(n => n.Device == "mlx5_1"));

        Assert.Equal((HealthStatus.Unhealthy, RemediationAction.CheckNic), (down.Status, Assert.Single(down.Reasons).Action));
        Assert.Equal(HealthStatus.Healthy, up.Status);
    }
}
