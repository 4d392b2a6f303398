using ControlPlane.Testing;
using ControlPlane.Web.Telemetry.Gpus;

namespace ControlPlane.Web.Tests.Telemetry;

/// <summary>The per-GPU gauges' source: the latest reading per GPU, and a node gone silent leaves the scrape.</summary>
public sealed class GpuReadingsTests
{
    [Fact]
    public void A_node_keeps_only_its_latest_report_converted_to_bytes_and_leaves_once_silent_for_the_stale_age()
    {
        var clock = new ShiftedClock();
        var readings = new GpuReadings(clock);
        var first = Reports.Steady("read-1", 1);
        readings.Record("read-1", first);
        readings.Record("read-1", first with { Sequence = 2, Pool = "moved", Gpus = [.. first.Gpus.Select(g => g with { UtilizationPercent = 77, MemoryUsedMiB = 2048 })] });

        var (node, reading) = Assert.Single(readings.Current());
        Assert.Equal(("read-1", "moved"), (node, reading.Pool));
        Assert.Equal(first.Gpus.Length, reading.Gpus.Length);
        Assert.All(reading.Gpus, g => Assert.Equal((77, 2048L * 1024 * 1024), (g.UtilizationPercent, g.MemoryUsedBytes)));
        Assert.Equal(first.Gpus[0].MemoryTotalMiB * 1024 * 1024, reading.Gpus[0].MemoryTotalBytes);

        clock.Advance(GpuReadings.StaleAfter - TimeSpan.FromSeconds(1));
        Assert.Single(readings.Current());
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Empty(readings.Current());
    }
}
