using ControlPlane.Simulation;
using static ControlPlane.Placement.Tests.PlacementFleet;

namespace ControlPlane.Placement.Tests;

public sealed class PlacementEngineTests
{
    [Fact]
    public void TP2_pair_on_one_H20_node_goes_over_NV18_in_about_3_4_ms()
    {
        var plan = Plan(Spec(), Index(Node("h20-01", NodeTemplates.H20)));

        Assert.True(plan.Complete);
        var pair = Assert.Single(plan.Pairs);
        Assert.Equal("h20-01", pair.Prefill.Node);
        Assert.Equal("h20-01", pair.Decode.Node);
        Assert.Equal("nvlink", pair.Tier);
        Assert.Equal("NV18", pair.Wire);
        Assert.InRange(pair.EstimatedKvTransferMs, 3.3, 3.5);
        Assert.Empty(pair.Prefill.GpuIndices.Intersect(pair.Decode.GpuIndices));
        Assert.Equal(2, pair.Prefill.GpuUuids.Length);
        Assert.All(pair.Prefill.GpuIndices.Concat(pair.Decode.GpuIndices), i => Assert.InRange(i, 0, 3));
        Assert.Null(pair.Prefill.Nic);
    }

    [Fact]
    public void Plan_names_a_runner_up_and_lists_pinned_nodes_it_did_not_use()
    {
        var index = Index(Node("h20-01", NodeTemplates.H20), Node("h20-02", NodeTemplates.H20), Node("h100-01", NodeTemplates.H100));

        var plan = Plan(Spec(), index);
        Assert.NotNull(Assert.Single(plan.RunnerUp));
        Assert.NotEqual(plan.Pairs[0].Prefill.Node, plan.RunnerUp[0]!.Prefill.Node);

        var pinned = Plan(Spec(nodes: ["h100-01", "h20-02", "nope"]), index);
        Assert.Equal("h20-02", pinned.Pairs[0].Prefill.Node);
        Assert.Contains(pinned.Rejections, r => r.Node == "h100-01" && r.Reasons[0].StartsWith("GpuMemoryFilter", StringComparison.Ordinal));
        Assert.Contains(pinned.Rejections, r => r.Node == "nope");
        Assert.DoesNotContain(pinned.Rejections, r => r.Node == "h20-02");
    }
}
