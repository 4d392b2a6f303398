using System.Text.Json;
using ControlPlane.Agent.Collection;
using ControlPlane.Agent.Json;
using ControlPlane.Agent.Replay;
using ControlPlane.Agent.Reporting;
using ControlPlane.Tests.Shared;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Agent.Tests.Reporting;

public sealed class WireFormatTests
{
    private static ProbeReport H200() =>
        ReportFactory.Create(ReplayCollector.Collect(FixtureFiles.PathOf("gpu-hosts/h200x2-a")), "h200x2-a", 1, DateTimeOffset.UtcNow, "default", null);

    [Fact]
    public void The_wire_form_carries_the_same_nvlink_totals_in_a_fraction_of_the_bytes()
    {
        var report = H200();
        report = report with { Gpus = [report.Gpus[0] with { NvLinks = [.. report.Gpus[0].NvLinks.Select(l => l.Link == 7 ? l with { Active = false } : l)] }, .. report.Gpus[1..]] };

        var wire = WireFormat.Serialize(report);
        var readable = JsonSerializer.Serialize(report, AgentJsonContext.Default.ProbeReport);
        var back = JsonSerializer.Deserialize(wire, AgentJsonContext.Default.ProbeReport)!;

        Assert.Equal(report.Gpus.Select(g => g.NvLinkTotals()), back.Gpus.Select(g => g.NvLinkTotals()));
        Assert.Equal([7], back.Gpus[0].NvLinksDown);
        Assert.All(back.Gpus, g => Assert.Empty(g.NvLinks));
        Assert.DoesNotContain('\n', wire);
        Assert.DoesNotContain("null", wire, StringComparison.Ordinal);
        Assert.True(wire.Length * 2 < readable.Length, $"wire {wire.Length} bytes vs readable {readable.Length}");
        Assert.Empty(ProbeReportValidator.Validate(back, "h200x2-a", DateTimeOffset.UtcNow));
    }
}
