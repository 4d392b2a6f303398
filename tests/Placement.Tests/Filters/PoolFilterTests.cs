using ControlPlane.Simulation;
using static ControlPlane.Placement.Tests.PlacementFleet;

namespace ControlPlane.Placement.Tests.Filters;

public sealed class PoolFilterTests
{
    [Fact]
    public void Spec_without_a_pool_takes_any_pool()
    {
        Assert.Null(new PoolFilter().Reject(Shape(Node("h20-01", NodeTemplates.H20)), Request(Spec())));
    }

    [Fact]
    public void Node_of_another_pool_is_refused_with_both_pools()
    {
        var shape = Shape(Node("h20-01", NodeTemplates.H20));

        Assert.Null(new PoolFilter().Reject(shape, Request(Spec() with { Pool = "h20" })));
        Assert.Equal("PoolFilter: node is in pool h20, spec asks for h100", new PoolFilter().Reject(shape, Request(Spec() with { Pool = "h100" })));
    }
}
