using ControlPlane.Simulation;
using static ControlPlane.Placement.Tests.PlacementFleet;

namespace ControlPlane.Placement.Tests.Filters;

public sealed class FreeGpuFilterTests
{
    [Fact]
    public void Enough_free_GPUs_for_the_smaller_replica_pass()
    {
        var shape = Shape(Node("h20-01", NodeTemplates.H20));

        Assert.Null(new FreeGpuFilter().Reject(shape, Gpus(6, 7), Request(Spec(prefillTp: 2, decodeTp: 4))));
    }

    [Fact]
    public void Too_few_free_GPUs_are_refused_with_the_count()
    {
        var shape = Shape(Node("h20-01", NodeTemplates.H20));

        Assert.Equal("FreeGpuFilter: 1 of 8 GPUs free and healthy, a replica needs 2", new FreeGpuFilter().Reject(shape, Gpus(7), Request(Spec())));
    }

    [Fact]
    public void Index_ignores_a_stale_copy_and_follows_allocations()
    {
        var node = Node("h20-01", NodeTemplates.H20);
        var index = Index(node with { Version = 5 });

        Assert.False(index.Upsert(node with { Version = 4, Cordoned = true }));
        Assert.True(index.Upsert(node with { Version = 6, Gpus = [.. node.Gpus.Select(g => g with { AllocatedTo = "x" })] }));

        var plan = Plan(Spec(), index);
        Assert.Contains(plan.Rejections.Single().Reasons, r => r.StartsWith("FreeGpuFilter: 0 of 8", StringComparison.Ordinal));
    }
}
