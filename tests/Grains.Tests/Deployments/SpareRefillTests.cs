using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Fleet;
using ControlPlane.Testing;

namespace ControlPlane.Grains.Tests.Deployments;

/// <summary>Spares the spec asks for and the deployment lacks are placed again when the deployment grain next activates.</summary>
public sealed class SpareRefillTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    [Fact]
    public async Task A_spare_that_fitted_nowhere_is_placed_when_the_deployment_next_activates_with_room_for_it()
    {
        const string pool = "spare-refill";
        var nodes = new[] { "spare-refill-1", "spare-refill-2" };
        await SparePools.RegisterAsync(fixture.Grains, pool, nodes);
        var fleet = fixture.Grains.GetGrain<IFleetGrain>(pool);
        var blocker = fixture.Grains.GetGrain<IModelDeploymentGrain>("spare-refill-blocker");
        Assert.Null((await blocker.PutAsync(SparePools.Qwen(pool, tp: 4, spares: 0))).Refused);
        var deployment = fixture.Grains.GetGrain<IModelDeploymentGrain>("spare-refill-dep");
        var put = await deployment.PutAsync(SparePools.Qwen(pool, tp: 4, spares: 1));

        await blocker.DeleteAsync();
        var pairNode = put.View!.Pairs[0].Placement.Prefill.Node;
        await Eventually.Until(() => fleet.GetCapacityChangesAsync(0), d => d.Changed.All(n => n.Gpus.All(g => (g.AllocatedTo is null) == (n.Node != pairNode))));
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        // Every activation went, the pool's index too (it keeps no placement views): the nodes' next reports refill it,
        // then the deployment's next activation finds room for its spare.
        await SparePools.RegisterAsync(fixture.Grains, pool, nodes, sequence: 2);
        var refilled = await Eventually.Until(deployment.GetAsync, v => v!.Spares.Length == 1);

        Assert.Null(put.Refused);
        Assert.Empty(put.View!.Spares);
        Assert.Contains("0 of 1 spares placed", put.View.Message, StringComparison.Ordinal);
        Assert.True(refilled!.Spares.Length == 1, $"no spare after the activation: {refilled.Status}: {refilled.Message}");
        Assert.Equal("spare-0", refilled.Spares[0].Unit);
        Assert.NotEqual(refilled.Pairs[0].Placement.Prefill.Node, refilled.Spares[0].Placement.Prefill.Node);
    }
}
