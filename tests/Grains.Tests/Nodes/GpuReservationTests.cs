using ControlPlane.Contracts.Fleet;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Contracts.Placement;
using ControlPlane.Testing;
using ControlPlane.Wire.Nodes;

namespace ControlPlane.Grains.Tests.Nodes;

public sealed class GpuReservationTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private INodeGrain Node(string name) => fixture.Grains.GetGrain<INodeGrain>(name);

    private static GpuReservation For(string owner, params int[] gpus) => new() { Owner = owner, GpuIndices = gpus };

    [Fact]
    public async Task Concurrent_reservations_of_overlapping_gpus_never_give_a_gpu_twice()
    {
        await Node("race-1").ReportAsync(Reports.Steady("race-1", 1));

        var attempts = Enumerable.Range(0, 200).Select(i => Node("race-1").ReserveAsync(For($"owner-{i}/pair-0/prefill", i % 8, (i + 1) % 8))).ToArray();
        var results = await Task.WhenAll(attempts);

        var view = await Node("race-1").GetPlacementAsync();
        var holders = view!.Gpus.Where(g => g.AllocatedTo is not null).GroupBy(g => g.AllocatedTo!).ToArray();
        Assert.All(holders, h => Assert.Equal(2, h.Count()));
        Assert.Equal(results.Count(r => r.Reserved), holders.Length);
        Assert.True(holders.Length is >= 1 and <= 4);
        Assert.All(results.Where(r => !r.Reserved), r => Assert.Contains("is held by", r.Conflict, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_replica_gets_all_its_gpus_or_none()
    {
        await Node("all-or-none").ReportAsync(Reports.Steady("all-or-none", 1));
        Assert.True((await Node("all-or-none").ReserveAsync(For("a/pair-0/prefill", 2))).Reserved);

        var refused = await Node("all-or-none").ReserveAsync(For("b/pair-0/prefill", 0, 1, 2, 3));

        Assert.False(refused.Reserved);
        var view = await Node("all-or-none").GetPlacementAsync();
        Assert.Equal([null, null, "a/pair-0/prefill", null], view!.Gpus.Take(4).Select(g => g.AllocatedTo));
    }

    [Fact]
    public async Task Reserving_again_for_the_same_owner_is_idempotent_and_release_frees()
    {
        await Node("idem").ReportAsync(Reports.Steady("idem", 1));
        Assert.True((await Node("idem").ReserveAsync(For("dep/pair-0/prefill", 0, 1))).Reserved);
        Assert.True((await Node("idem").ReserveAsync(For("dep/pair-0/prefill", 0, 1))).Reserved);

        await Node("idem").ReleaseAsync("dep/pair-0/prefill");

        Assert.All((await Node("idem").GetPlacementAsync())!.Gpus, g => Assert.Null(g.AllocatedTo));
    }

    [Fact]
    public async Task Cordoned_nodes_and_unhealthy_gpus_are_refused_with_the_reason()
    {
        await Node("refuse-1").ReportAsync(Reports.WithXid(Reports.Steady("refuse-1", 1), gpu: 4, xid: 79));
        var unhealthy = await Node("refuse-1").ReserveAsync(For("x/pair-0/decode", 4, 5));
        await Node("refuse-1").SetCordonAsync(new CordonChange { Cordon = true, Reason = "maintenance", By = "test" });
        var cordoned = await Node("refuse-1").ReserveAsync(For("x/pair-0/decode", 0, 1));

        Assert.Equal("GPU 4 is not healthy", unhealthy.Conflict);
        Assert.Contains("cordoned (maintenance)", cordoned.Conflict, StringComparison.Ordinal);
        Assert.False((await Node("never-seen").ReserveAsync(For("x/pair-0/decode", 0))).Reserved);
    }

    [Fact]
    public async Task The_fleet_index_sees_allocations_as_capacity_changes()
    {
        var report = Reports.Steady("cap-1", 1) with { Pool = "capacity-pool" };
        await Node("cap-1").ReportAsync(report);
        var fleet = fixture.Grains.GetGrain<IFleetGrain>("capacity-pool");
        var first = await Eventually.Until(() => fleet.GetCapacityChangesAsync(0), d => d.Changed.Length == 1, delayMs: 50);
        Assert.Single(first.Changed);

        await Node("cap-1").ReserveAsync(For("dep/pair-0/decode", 6, 7));
        var delta = await Eventually.Until(() => fleet.GetCapacityChangesAsync(first.Version), d => d.Changed.Length == 1, delayMs: 50);
        Assert.Single(delta.Changed);

        Assert.True(first.Full);
        Assert.False(delta.Full);
        Assert.Equal(["dep/pair-0/decode", "dep/pair-0/decode"], delta.Changed[0].Gpus.Where(g => g.AllocatedTo is not null).Select(g => g.AllocatedTo));
        Assert.Equal("NV18", delta.Changed[0].GpuLinks[0][1]);
        Assert.Equal("PIX", delta.Changed[0].GpuNicLinks[0][0]);
    }
}
