using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Errors;
using ControlPlane.Contracts.Fleet;
using ControlPlane.Contracts.Incidents;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Contracts.Placement;
using ControlPlane.Contracts.Reservations;
using ControlPlane.Testing;
using ControlPlane.Wire.Incidents;

namespace ControlPlane.Grains.Tests.Deployments;

/// <summary>
/// The insider of the faults issue: a client releases a serving pair's reservations on its node grain, and a new
/// deployment pinned there takes the GPUs, so two deployments list them. The reconciler resolves it: the newer pair is
/// re-placed through a failover whose incident says why, and the older is reserved again. A made-up owner is refused.
/// </summary>
public sealed class DoubleClaimTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    [Fact]
    public async Task Two_deployments_listing_the_same_gpus_are_resolved_the_newer_moves_and_an_incident_says_so()
    {
        const string pool = "dbl";
        var nodes = new[] { "dbl-1", "dbl-2" };
        await SparePools.RegisterAsync(fixture.Grains, pool, nodes);
        var older = fixture.Grains.GetGrain<IModelDeploymentGrain>("dbl-old");
        var placed = (await older.PutAsync(SparePools.Qwen(pool, tp: 4, spares: 0))).View!.Pairs[0];
        var node = placed.Placement.Prefill.Node;
        var other = nodes.Single(n => n != node);

        // The other node is full for a moment, so the new deployment can only land on the GPUs about to be released.
        var blocker = fixture.Grains.GetGrain<IModelDeploymentGrain>("dbl-blocker");
        Assert.Equal(other, (await blocker.PutAsync(SparePools.Qwen(pool, tp: 4, spares: 0))).View!.Pairs[0].Placement.Prefill.Node);

        // Behind the deployment's back: its reservations released, then a new deployment pinned to the same node.
        await fixture.Grains.GetGrain<INodeGrain>(node).ReleaseAsync("dbl-old/pair-0/prefill");
        await fixture.Grains.GetGrain<INodeGrain>(node).ReleaseAsync("dbl-old/pair-0/decode");
        await Eventually.Until(() => fixture.Grains.GetGrain<IFleetGrain>(pool).GetCapacityChangesAsync(0),
            d => d.Changed.Single(n => n.Node == node).Gpus.All(g => g.AllocatedTo is null));
        var newer = fixture.Grains.GetGrain<IModelDeploymentGrain>("dbl-new");
        var thief = await newer.PutAsync(SparePools.Qwen(pool, tp: 4, spares: 0));
        Assert.Equal(node, thief.View!.Pairs[0].Placement.Prefill.Node);
        Assert.Equal(DeleteOutcome.Deleted, await blocker.DeleteAsync());

        var reconciler = fixture.Grains.GetGrain<IReservationReconcilerGrain>(IReservationReconcilerGrain.Key);
        var first = await reconciler.ReconcileNowAsync();
        var moved = await Eventually.Until(newer.GetAsync, v => v!.Pairs[0].Placement.Prefill.Node == other);
        await reconciler.ReconcileNowAsync();
        var held = await Eventually.Until(() => fixture.Grains.GetGrain<INodeGrain>(node).GetPlacementAsync(),
            n => n!.Gpus.All(g => g.AllocatedTo?.StartsWith("dbl-old/pair-0/", StringComparison.Ordinal) == true));
        var incidents = await fixture.Grains.GetGrain<IIncidentDirectoryGrain>(IIncidentDirectoryGrain.Key).ListAsync(new IncidentFilter { Deployment = "dbl-new" });

        Assert.Contains(first.Conflicts, c => c.Contains("dbl-new/pair-0 was placed later", StringComparison.Ordinal));
        Assert.Equal(other, moved!.Pairs[0].Placement.Decode.Node);
        Assert.Equal(8, held!.Gpus.Length);
        Assert.Contains(incidents, i => i.Kind == IncidentKind.ReservationConflict);
        Assert.Equal(node, (await older.GetAsync())!.Pairs[0].Placement.Prefill.Node);
    }

    [Theory]
    [InlineData("mallory", "owner")]
    [InlineData("dbl/pair-0/cook", "owner")]
    public async Task A_reservation_for_an_owner_that_is_no_replica_is_refused_and_holds_nothing(string owner, string field)
    {
        await SparePools.RegisterAsync(fixture.Grains, "dbl-owner", ["dbl-owner-1"]);
        var node = fixture.Grains.GetGrain<INodeGrain>("dbl-owner-1");

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => node.ReserveAsync(new GpuReservation { Owner = owner, GpuIndices = [0, 1] }));

        Assert.Contains(field, refused.Errors.Keys);
        Assert.All((await node.GetPlacementAsync())!.Gpus, g => Assert.Null(g.AllocatedTo));
    }
}
