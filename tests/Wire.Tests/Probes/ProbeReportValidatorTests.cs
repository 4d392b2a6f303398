using ControlPlane.Testing;
using ControlPlane.Wire.Probes;
using ControlPlane.Wire.Topology;

namespace ControlPlane.Wire.Tests.Probes;

public sealed class ProbeReportValidatorTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public void A_simulated_h20_report_is_valid()
    {
        Assert.Empty(ProbeReportValidator.Validate(Reports.Steady("h20-ok", 1), "h20-ok", Now));
    }

    [Fact]
    public void Duplicate_uuids_and_indices_are_named()
    {
        var r = Reports.Steady("dup", 1);
        r = r with { Gpus = [r.Gpus[0], r.Gpus[0], .. r.Gpus[2..]] };
        var errors = ProbeReportValidator.Validate(r, "dup", Now);
        Assert.Contains("gpus[1].uuid", errors.Keys);
        Assert.Contains("gpus[1].index", errors.Keys);
    }

    [Fact]
    public void A_matrix_that_is_not_square_or_has_an_unknown_link_is_refused()
    {
        var r = Reports.Steady("matrix", 1);
        var ragged = r with { Topology = r.Topology with { Links = [.. r.Topology.Links[..^1]] } };
        var unknown = r with { Topology = r.Topology with { Links = [["FOO", .. r.Topology.Links[0][1..]], .. r.Topology.Links[1..]] } };

        Assert.Contains("topology", ProbeReportValidator.Validate(ragged, "matrix", Now).Keys);
        Assert.Contains(ProbeReportValidator.Validate(unknown, "matrix", Now)["topology"], m => m.Contains("'FOO'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_clock_far_in_the_future_and_bad_compute_capability_are_refused()
    {
        var r = Reports.Steady("clock", 1);
        r = r with { Timestamp = Now.AddHours(2), Gpus = [r.Gpus[0] with { ComputeCapability = "sm90" }, .. r.Gpus[1..]] };
        var errors = ProbeReportValidator.Validate(r, "clock", Now);
        Assert.Contains("timestamp", errors.Keys);
        Assert.Contains("gpus[0].computeCapability", errors.Keys);
    }

    [Fact]
    public void Down_links_must_exist_and_be_named_once()
    {
        var r = Reports.Steady("links", 1);
        var outOfRange = r with { Gpus = [r.Gpus[0] with { NvLinksDown = [18] }, .. r.Gpus[1..]] };
        var twice = r with { Gpus = [r.Gpus[0] with { NvLinksDown = [2, 2] }, .. r.Gpus[1..]] };

        Assert.Contains("gpus[0].nvLinksDown", ProbeReportValidator.Validate(outOfRange, "links", Now).Keys);
        Assert.Contains("gpus[0].nvLinksDown", ProbeReportValidator.Validate(twice, "links", Now).Keys);
    }

    [Theory]
    [InlineData("NV18", LinkKind.NvLink, 18)]
    [InlineData(" PIX ", LinkKind.Pix, 0)]
    [InlineData("SYS", LinkKind.Sys, 0)]
    [InlineData("X", LinkKind.Self, 0)]
    public void Link_cells_parse_to_kind_and_count(string cell, LinkKind kind, int links)
    {
        Assert.True(TopologyLink.TryParse(cell, out var link));
        Assert.Equal((kind, links), (link.Kind, link.NvLinks));
        Assert.Equal(cell.Trim(), link.ToString());
    }

    [Theory]
    [InlineData("NV")]
    [InlineData("NV0")]
    [InlineData("nv4")]
    [InlineData("")]
    public void Nonsense_link_cells_are_refused(string cell) => Assert.False(TopologyLink.TryParse(cell, out _));
}
