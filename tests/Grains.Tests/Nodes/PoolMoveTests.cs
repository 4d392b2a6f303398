using ControlPlane.Contracts.Fleet;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Testing;
using ControlPlane.Wire.Nodes;

namespace ControlPlane.Grains.Tests.Nodes;

public sealed class PoolMoveTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    [Fact]
    public async Task A_node_that_reports_another_pool_leaves_the_old_pools_listing_and_capacity_view()
    {
        var node = fixture.Grains.GetGrain<INodeGrain>("pool-move-1");
        var oldPool = fixture.Grains.GetGrain<IFleetGrain>("pool-move-old");
        await node.ReportAsync(Reports.Steady("pool-move-1", 1) with { Pool = "pool-move-old" });
        var before = await Eventually.Until(() => oldPool.GetCapacityChangesAsync(0), d => d.Changed.Length == 1);

        await node.ReportAsync(Reports.Steady("pool-move-1", 2) with { Pool = "pool-move-new" });
        var listedOld = await oldPool.ListAsync(null, 100);
        var changes = await oldPool.GetCapacityChangesAsync(before.Version);
        var listedNew = await Eventually.Until(() => fixture.Grains.GetGrain<IFleetGrain>("pool-move-new").ListAsync(null, 100), p => p.Items.Length == 1);

        Assert.Empty(listedOld.Items);
        Assert.Equal(["pool-move-1"], changes.Removed);
        Assert.Empty((await oldPool.GetCapacityChangesAsync(0)).Changed);
        Assert.Equal("pool-move-new", Assert.Single(listedNew.Items).Pool);
    }

    [Fact]
    public async Task A_move_whose_removal_from_the_old_pool_failed_is_not_stored_and_the_retry_completes_it()
    {
        var node = fixture.Grains.GetGrain<INodeGrain>("pool-move-2");
        var oldPool = fixture.Grains.GetGrain<IFleetGrain>("pool-move-old-2");
        await node.ReportAsync(Reports.Steady("pool-move-2", 1) with { Pool = "pool-move-old-2" });
        await Eventually.Until(() => oldPool.ListAsync(null, 100), p => p.Items.Length == 1);
        GrainClusterFixture.Failures["RemoveAsync:pool-move-2"] = 1;

        await Assert.ThrowsAnyAsync<Exception>(() => node.ReportAsync(Reports.Steady("pool-move-2", 2) with { Pool = "pool-move-new-2" }));
        var afterFailure = await node.GetAsync();
        var retry = await node.ReportAsync(Reports.Steady("pool-move-2", 2) with { Pool = "pool-move-new-2" });

        Assert.Equal(("pool-move-old-2", 1L), (afterFailure!.Pool, afterFailure.Sequence));
        Assert.Equal(ProbeOutcome.Accepted, retry.Outcome);
        Assert.Empty((await oldPool.ListAsync(null, 100)).Items);
    }
}
