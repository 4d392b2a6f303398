using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Testing;
using ControlPlane.Wire.Deployments;

namespace ControlPlane.Grains.Tests.Deployments;

/// <summary>
/// A change whose record was written does not answer an error when a later step (giving GPUs back on a node grain) fails:
/// the record says what is under way (Deleting, Removing), and the step is retried until it is done.
/// </summary>
public sealed class AfterCommitFailureTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    [Fact]
    public async Task A_delete_whose_release_fails_part_way_answers_deleting_and_finishes_once_the_node_grain_writes_again()
    {
        const string pool = "acf-del";
        var nodes = new[] { "acf-del-1", "acf-del-2" };
        await SparePools.RegisterAsync(fixture.Grains, pool, nodes);
        var deployment = fixture.Grains.GetGrain<IModelDeploymentGrain>("acf-del");
        var put = await deployment.PutAsync(SparePools.Qwen(pool, tp: 4, spares: 0) with { Pairs = 2 });
        Assert.Null(put.Refused);

        DeleteOutcome outcome;
        DeploymentView? during;
        using (FailingStorage.FailWritesOf(nodes[1]))
        {
            outcome = await deployment.DeleteAsync();
            during = await deployment.GetAsync();
        }

        Assert.Equal(DeleteOutcome.Deleting, outcome);
        Assert.Equal(DeploymentStatus.Deleting, during!.Status);
        Assert.Null(await Eventually.Until(deployment.GetAsync, v => v is null, attempts: 150));
        foreach (var node in nodes)
        {
            var view = await fixture.Grains.GetGrain<INodeGrain>(node).GetPlacementAsync();
            Assert.All(view!.Gpus, g => Assert.Null(g.AllocatedTo));
        }
    }

    [Fact]
    public async Task A_shrink_whose_release_fails_is_recorded_and_the_removed_pair_is_released_on_a_retry()
    {
        const string pool = "acf-shrink";
        var nodes = new[] { "acf-shrink-1", "acf-shrink-2" };
        await SparePools.RegisterAsync(fixture.Grains, pool, nodes);
        var deployment = fixture.Grains.GetGrain<IModelDeploymentGrain>("acf-shrink");
        var put = await deployment.PutAsync(SparePools.Qwen(pool, tp: 4, spares: 0) with { Pairs = 2 });
        var removedNode = put.View!.Pairs.Single(p => p.Index == 1).Placement.Prefill.Node;

        PutOutcome shrunk;
        using (FailingStorage.FailWritesOf(removedNode))
        {
            shrunk = await deployment.PutAsync(SparePools.Qwen(pool, tp: 4, spares: 0));
        }

        Assert.Null(shrunk.Refused);
        Assert.Single(shrunk.View!.Pairs);
        Assert.Single(shrunk.View.Removing);
        var after = await Eventually.Until(deployment.GetAsync, v => v!.Removing.Length == 0, attempts: 150);
        Assert.Single(after!.Pairs);
        var node = await fixture.Grains.GetGrain<INodeGrain>(removedNode).GetPlacementAsync();
        Assert.All(node!.Gpus, g => Assert.Null(g.AllocatedTo));
    }
}
