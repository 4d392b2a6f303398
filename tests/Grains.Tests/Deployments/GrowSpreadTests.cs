using ControlPlane.Contracts.Deployments;

namespace ControlPlane.Grains.Tests.Deployments;

/// <summary>Pairs added to a running deployment spread from the pairs it has, as pairs planned together do.</summary>
public sealed class GrowSpreadTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    [Fact]
    public async Task A_pair_added_by_growing_the_deployment_lands_on_another_node_while_one_is_free()
    {
        const string pool = "grow-spread";
        await SparePools.RegisterAsync(fixture.Grains, pool, ["grow-spread-1", "grow-spread-2"]);
        var deployment = fixture.Grains.GetGrain<IModelDeploymentGrain>("grow-spread-dep");
        var one = SparePools.Qwen(pool, tp: 2, spares: 0);

        var first = await deployment.PutAsync(one);
        var grown = await deployment.PutAsync(one with { Pairs = 2 });

        Assert.Null(first.Refused);
        Assert.Null(grown.Refused);
        var nodes = grown.View!.Pairs.OrderBy(p => p.Index).Select(p => p.Placement.Prefill.Node).ToArray();
        Assert.Equal(2, nodes.Length);
        Assert.NotEqual(nodes[0], nodes[1]);
    }
}
