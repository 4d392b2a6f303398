using ControlPlane.Simulation;
using static ControlPlane.Placement.Tests.PlacementFleet;

namespace ControlPlane.Placement.Tests.Filters;

public sealed class CordonFilterTests
{
    [Fact]
    public void Uncordoned_node_passes()
    {
        Assert.Null(new CordonFilter().Reject(Node("h20-01", NodeTemplates.H20)));
    }

    [Fact]
    public void Cordoned_node_and_unhealthy_GPUs_are_not_used()
    {
        var index = Index(
            Node("h20-01", NodeTemplates.H20, cordoned: true),
            Node("h20-02", NodeTemplates.H20, unhealthy: [0, 1, 2]));

        var plan = Plan(Spec(), index);

        var pair = Assert.Single(plan.Pairs);
        Assert.Equal("h20-02", pair.Prefill.Node);
        Assert.DoesNotContain(pair.Prefill.GpuIndices.Concat(pair.Decode.GpuIndices), i => i < 3);
        Assert.Contains("CordonFilter: node is cordoned", plan.Rejections.Single(r => r.Node == "h20-01").Reasons);
    }
}
