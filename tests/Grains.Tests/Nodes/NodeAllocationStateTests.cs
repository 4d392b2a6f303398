using ControlPlane.Contracts.Nodes;
using ControlPlane.Contracts.Placement;
using ControlPlane.Grains.Nodes;
using ControlPlane.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace ControlPlane.Grains.Tests.Nodes;

/// <summary>Allocations are persisted in their own small record (<see cref="NodeAllocations"/>), not by rewriting the node's whole record.</summary>
public sealed class NodeAllocationStateTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    [Fact]
    public async Task A_reservation_and_a_release_write_the_allocation_record_and_not_the_node_record()
    {
        const string name = "alloc-split-1";
        var node = fixture.Grains.GetGrain<INodeGrain>(name);
        await node.ReportAsync(Reports.Steady(name, 1));
        var recordWrites = FailingStorage.WritesOf("node", name);

        var reserved = await node.ReserveAsync(new GpuReservation { Owner = "d/pair-0/prefill#0", GpuIndices = [0, 1] });
        await node.ReleaseAsync("d/pair-0/prefill#0");

        Assert.True(reserved.Reserved);
        Assert.Equal(recordWrites, FailingStorage.WritesOf("node", name));
        Assert.Equal(2, FailingStorage.WritesOf("node-allocations", name));
    }

    [Fact]
    public async Task Allocations_and_the_capacity_version_survive_losing_the_activation()
    {
        const string name = "alloc-split-2";
        var node = fixture.Grains.GetGrain<INodeGrain>(name);
        await node.ReportAsync(Reports.Steady(name, 1));
        await node.ReserveAsync(new GpuReservation { Owner = "d/pair-0/prefill#0", GpuIndices = [2] });
        var before = (await node.GetPlacementAsync())!;

        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var after = (await node.GetPlacementAsync())!;
        var taken = await node.ReserveAsync(new GpuReservation { Owner = "other/pair-0/decode#0", GpuIndices = [2] });

        Assert.Equal("d/pair-0/prefill#0", after.Gpus.Single(g => g.Index == 2).AllocatedTo);
        Assert.True(after.Version >= before.Version);
        Assert.False(taken.Reserved);
    }

    [Fact]
    public async Task A_node_stored_before_the_allocation_record_existed_keeps_the_allocations_of_its_record()
    {
        const string name = "alloc-split-legacy";
        var node = fixture.Grains.GetGrain<INodeGrain>(name);
        var storage = ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost!.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);
        var legacy = new NodeRecord
        {
            Report = Reports.Steady(name, 1),
            Sequence = 1,
            LastSeen = DateTimeOffset.UtcNow,
            Allocations = [new GpuAllocation { Index = 3, Owner = "old/pair-0/decode#0" }],
            CapacityVersion = 7,
        };
        await storage.WriteStateAsync("node", node.GetGrainId(), new GrainState<NodeRecord>(legacy));

        var view = (await node.GetPlacementAsync())!;

        Assert.Equal("old/pair-0/decode#0", view.Gpus.Single(g => g.Index == 3).AllocatedTo);
        Assert.Equal(7, view.Version);
        Assert.Equal(0, FailingStorage.WritesOf("node-allocations", name));
    }
}
