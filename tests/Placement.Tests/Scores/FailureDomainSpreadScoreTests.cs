using ControlPlane.Simulation;
using static ControlPlane.Placement.Tests.PlacementFleet;

namespace ControlPlane.Placement.Tests.Scores;

public sealed class FailureDomainSpreadScoreTests
{
    private readonly FailureDomainSpreadScore _score = new(5_000);

    [Fact]
    public void Node_that_already_holds_a_pair_of_the_plan_is_penalised()
    {
        var (used, other) = (Indexed("h20-01"), Indexed("h20-02"));
        var plan = PlanWith(Spec(), used);

        Assert.Equal(-5_000, _score.Score(used, plan));
        Assert.Equal(0, _score.Score(other, plan));
    }

    [Fact]
    public void With_rack_spread_every_node_of_a_used_rack_is_penalised()
    {
        var (used, sameRack, otherRack) = (Indexed("h20-01"), Indexed("h20-02"), Indexed("h20-03", rack: "rack-2"));
        var plan = PlanWith(Spec() with { Spread = "rack" }, used);

        Assert.Equal(-5_000, _score.Score(sameRack, plan));
        Assert.Equal(0, _score.Score(otherRack, plan));
    }

    [Fact]
    public void With_nic_rail_spread_a_used_rail_costs_half()
    {
        var node = Indexed("h20-01");
        var nics = node.Node.Nics;
        var plan = new PlanState(Request(Spec() with { Spread = "nic-rail" }));
        plan.Take(Pair(node, Indexed("h20-02"), nic: 0));

        Assert.Equal(-2_500, _score.Score(nics[0], nics[1], plan));
        Assert.Equal(0, _score.Score(nics[1], nics[2], plan));
    }

    [Fact]
    public void Multi_pair_plan_never_reuses_a_GPU_and_spreads_over_nodes()
    {
        var index = Index(Node("h20-01", NodeTemplates.H20), Node("h20-02", NodeTemplates.H20));

        var plan = Plan(Spec(pairs: 4), index);

        Assert.True(plan.Complete);
        Assert.Equal(4, plan.Pairs.Length);
        var used = plan.Pairs.SelectMany(p => p.Prefill.GpuUuids.Concat(p.Decode.GpuUuids)).ToArray();
        Assert.Equal(used.Length, used.Distinct().Count());
        Assert.NotEqual(plan.Pairs[0].Prefill.Node, plan.Pairs[1].Prefill.Node);
        Assert.All(plan.Pairs, p => Assert.Equal("nvlink", p.Tier));

        var fifth = Plan(Spec(pairs: 5), index);
        Assert.False(fifth.Complete);
        Assert.Equal(4, fifth.Pairs.Length);
    }

    private static IndexedNode Indexed(string name, string rack = "rack-1")
    {
        var node = Node(name, NodeTemplates.H20, rack: rack);
        return new IndexedNode(node, Shape(node)) { FreeMask = IndexedNode.MaskOf(node) };
    }

    private static PlanState PlanWith(Wire.Deployments.DeploymentSpec spec, IndexedNode node)
    {
        var plan = new PlanState(Request(spec));
        plan.Take(Pair(node, node, nic: -1));
        return plan;
    }

    private static PairCandidate Pair(IndexedNode prefill, IndexedNode decode, int nic) => new()
    {
        Prefill = prefill,
        PrefillGpus = Gpus(0, 1),
        PrefillNic = nic,
        Decode = decode,
        DecodeGpus = Gpus(2, 3),
        DecodeNic = nic,
        Rank = KvPath.RankNvLink,
        Wire = "NV18",
        GBps = 394,
        Score = 0,
    };
}
