using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Grains.Deployments.Reserving;

namespace ControlPlane.Grains.Tests.Deployments;

/// <summary>The reservation transaction as create runs it: a node grain that fails part-way leaves nothing held and nothing recorded.</summary>
public sealed class ReservationTransactionTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    [Fact]
    public async Task Reserving_that_fails_half_way_releases_what_it_took_and_answers_unavailable_with_nothing_recorded()
    {
        const string pool = "rtx-half";
        var nodes = new[] { "rtx-half-1", "rtx-half-2" };
        await SparePools.RegisterAsync(fixture.Grains, pool, nodes);
        var deployment = fixture.Grains.GetGrain<IModelDeploymentGrain>("rtx-half");

        // Two TP4+TP4 pairs fill both 8-GPU nodes: one reservation lands, the other node cannot write it.
        PutOutcome put;
        using (FailingStorage.FailWritesOf(nodes[1]))
        {
            put = await deployment.PutAsync(SparePools.Qwen(pool, tp: 4, spares: 0) with { Pairs = 2 });
        }

        Assert.True(put.Unavailable, put.Detail);
        Assert.Equal("Not reserved", put.Refused);
        Assert.Contains("what this attempt took was released; nothing changed", put.Detail, StringComparison.Ordinal);
        Assert.Null(await deployment.GetAsync());
        foreach (var node in nodes)
        {
            var view = await fixture.Grains.GetGrain<INodeGrain>(node).GetPlacementAsync();
            Assert.All(view!.Gpus, g => Assert.Null(g.AllocatedTo));
        }

        // Storage is back: the same PUT places both pairs, their GPUs held at the generation the deployment says.
        var again = await deployment.PutAsync(SparePools.Qwen(pool, tp: 4, spares: 0) with { Pairs = 2 });
        Assert.Null(again.Refused);
        Assert.Equal(2, again.View!.Pairs.Length);
        var held = await fixture.Grains.GetGrain<INodeGrain>(again.View.Pairs[0].Placement.Prefill.Node).GetAsync();
        Assert.All(held!.Gpus, g => Assert.Equal(again.View.Generation, g.HeldBy!.Generation));
    }

    [Fact]
    public void The_outcome_of_a_contended_run_says_how_many_plans_were_taken()
    {
        var outcome = new ReservationOutcome(ReservationStatus.Contended, null, ReservationTransaction.Attempts);

        Assert.False(outcome.Reserved);
        Assert.Equal($"every plan was taken by concurrent placements ({ReservationTransaction.Attempts} attempts)", outcome.Why);
        Assert.Empty(outcome.Rejections);
    }
}
