using ControlPlane.Simulation;
using ControlPlane.Wire.Health;
using static ControlPlane.Placement.Tests.PlacementFleet;

namespace ControlPlane.Placement.Tests.Scores;

public sealed class DegradedNodeScoreTests
{
    [Fact]
    public void Degraded_node_is_penalised_and_a_healthy_one_is_not()
    {
        var healthy = Node("h20-01", NodeTemplates.H20);
        var degraded = healthy with { Health = HealthStatus.Degraded };
        var plan = new PlanState(Request(Spec()));
        var score = new DegradedNodeScore(2_000);

        Assert.Equal(0, score.Score(new IndexedNode(healthy, Shape(healthy)), plan));
        Assert.Equal(-2_000, score.Score(new IndexedNode(degraded, Shape(degraded)), plan));
    }

    [Fact]
    public void Degraded_node_is_used_only_after_a_healthy_one()
    {
        var index = Index(Node("h20-01", NodeTemplates.H20) with { Health = HealthStatus.Degraded }, Node("h20-02", NodeTemplates.H20));

        var plan = Plan(Spec(pairs: 2), index);

        Assert.Equal("h20-02", plan.Pairs[0].Prefill.Node);
        Assert.Equal("h20-01", plan.Pairs[1].Prefill.Node);
    }
}
