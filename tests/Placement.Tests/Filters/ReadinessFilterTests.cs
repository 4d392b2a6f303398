using ControlPlane.Simulation;
using ControlPlane.Wire.Health;
using static ControlPlane.Placement.Tests.PlacementFleet;

namespace ControlPlane.Placement.Tests.Filters;

public sealed class ReadinessFilterTests
{
    [Fact]
    public void Ready_node_passes()
    {
        Assert.Null(new ReadinessFilter().Reject(Node("h20-01", NodeTemplates.H20)));
    }

    [Fact]
    public void NotReady_node_is_refused_and_never_used()
    {
        var node = Node("h20-01", NodeTemplates.H20) with { Readiness = Readiness.NotReady };

        Assert.Equal("ReadinessFilter: node is NotReady", new ReadinessFilter().Reject(node));
        var plan = Plan(Spec(), Index(node));
        Assert.Empty(plan.Pairs);
        Assert.Contains("ReadinessFilter: node is NotReady", Assert.Single(plan.Rejections).Reasons);
    }
}
