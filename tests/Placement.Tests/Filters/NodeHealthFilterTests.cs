using ControlPlane.Simulation;
using ControlPlane.Wire.Health;
using static ControlPlane.Placement.Tests.PlacementFleet;

namespace ControlPlane.Placement.Tests.Filters;

public sealed class NodeHealthFilterTests
{
    [Theory]
    [InlineData(HealthStatus.Healthy)]
    [InlineData(HealthStatus.Degraded)]
    public void Healthy_and_Degraded_nodes_pass(HealthStatus health)
    {
        Assert.Null(new NodeHealthFilter().Reject(Node("h20-01", NodeTemplates.H20) with { Health = health }));
    }

    [Theory]
    [InlineData(HealthStatus.Unhealthy)]
    [InlineData(HealthStatus.Unknown)]
    public void Unhealthy_or_unknown_node_is_refused_with_its_health(HealthStatus health)
    {
        var reason = new NodeHealthFilter().Reject(Node("h20-01", NodeTemplates.H20) with { Health = health });

        Assert.Equal($"NodeHealthFilter: node health is {health}", reason);
    }
}
