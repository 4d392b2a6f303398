using ControlPlane.Simulation;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Placement.Tests;

/// <summary>
/// <c>spread: tray</c> (<see cref="TraySpreadFilter"/>): a pair's two replicas on two trays instead of one node, so a
/// tray failure takes one replica, not the pair; on GB200 NVL72 trays of one domain the pair keeps an NVLink path.
/// </summary>
public sealed class TraySpreadTests
{
    private static PlacementNode Node(string name, NodeTemplate template, string rack)
    {
        var report = new SimulatedNode(name, template, template.Versions, rack).NextReport(DateTimeOffset.UtcNow, new Random(7));
        var health = report.Gpus.ToDictionary(g => g.Uuid, _ => HealthStatus.Healthy);
        return PlacementNodeFactory.From(report, health, new Dictionary<int, string>(), HealthStatus.Healthy, Readiness.Ready, cordoned: false, version: 1);
    }

    private static PlacementNode Tray(string name, string rack = "nvl72-1") => Node(name, NodeTemplates.Gb200, rack);

    private static Wire.Deployments.DeploymentSpec Gb200Spec(string spread, int pairs = 1, string policy = "prefer-nvlink") =>
        PlacementFleet.Spec(prefillTp: 2, decodeTp: 2, cc: ["10.0"], cuda: "12.8", pairs: pairs, policy: policy) with { Spread = spread };

    [Fact]
    public void A_pair_that_fits_one_tray_goes_on_two_trays_of_its_domain_under_spread_tray()
    {
        var index = PlacementFleet.Index(Tray("gb200-t01"), Tray("gb200-t02"));

        var oneNode = Assert.Single(PlacementFleet.Plan(Gb200Spec("node"), index).Pairs);
        var twoTrays = Assert.Single(PlacementFleet.Plan(Gb200Spec("tray"), index).Pairs);

        Assert.Equal(("nvlink", oneNode.Prefill.Node), (oneNode.Tier, oneNode.Decode.Node));
        Assert.Equal("nvlink-domain", twoTrays.Tier);
        Assert.NotEqual(twoTrays.Prefill.Node, twoTrays.Decode.Node);
        Assert.Equal(twoTrays.Prefill.NvlinkDomain, twoTrays.Decode.NvlinkDomain);
    }

    [Fact]
    public void Trays_of_one_domain_come_before_a_tray_of_another_rack()
    {
        var index = PlacementFleet.Index(Tray("gb200-r1-t01"), Tray("gb200-r2-t01", "nvl72-2"), Tray("gb200-r1-t02"));

        var pair = Assert.Single(PlacementFleet.Plan(Gb200Spec("tray"), index).Pairs);

        Assert.Equal("nvlink-domain", pair.Tier);
        Assert.Equal(["gb200-r1-t01", "gb200-r1-t02"], new[] { pair.Prefill.Node, pair.Decode.Node }.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Two_pairs_under_spread_tray_take_four_trays()
    {
        var index = PlacementFleet.Index(Tray("gb200-t01"), Tray("gb200-t02"), Tray("gb200-t03"), Tray("gb200-t04"));

        var plan = PlacementFleet.Plan(Gb200Spec("tray", pairs: 2), index);

        Assert.Equal(2, plan.Pairs.Length);
        Assert.All(plan.Pairs, p => Assert.Equal("nvlink-domain", p.Tier));
        Assert.Equal(4, plan.Pairs.SelectMany(p => new[] { p.Prefill.Node, p.Decode.Node }).Distinct().Count());
    }

    [Fact]
    public void Without_a_domain_spread_tray_crosses_a_nic_and_require_nvlink_then_fits_nowhere_naming_the_filter()
    {
        var index = PlacementFleet.Index(Node("h100-a", NodeTemplates.H100, "rack-1"), Node("h100-b", NodeTemplates.H100, "rack-1"));
        var spec = PlacementFleet.Spec(prefillTp: 4, decodeTp: 4) with { Spread = "tray" };

        var plan = PlacementFleet.Plan(spec, index);
        Assert.True(plan.Complete, string.Join("; ", plan.Rejections.SelectMany(r => r.Reasons)));
        Assert.Equal("rdma", Assert.Single(plan.Pairs).Tier);

        var refused = PlacementFleet.Plan(spec with { TransferPolicy = "require-nvlink" }, index);
        Assert.False(refused.Complete);
        Assert.Contains(refused.Rejections.SelectMany(r => r.Reasons), r => r.StartsWith("TraySpreadFilter: spread tray puts prefill and decode on two trays;", StringComparison.Ordinal) && r.EndsWith("(nvlink) is one node", StringComparison.Ordinal));
    }

    [Fact]
    public void The_spec_accepts_tray_and_refuses_a_misspelling()
    {
        Assert.Equal(SpreadDomain.Tray, PlacementFleet.Request(Gb200Spec("tray")).Spread);
        Assert.Contains("tray", SpecVocabulary.Spreads);
        Assert.DoesNotContain("trays", SpecVocabulary.Spreads);
    }
}
