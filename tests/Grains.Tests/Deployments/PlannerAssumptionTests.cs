using ControlPlane.Contracts.Fleet;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Grains.Deployments;
using ControlPlane.Placement;
using ControlPlane.Wire.Placement;
using ControlPlane.Testing;
using ControlPlane.Wire.Deployments;
using Microsoft.Extensions.Options;

namespace ControlPlane.Grains.Tests.Deployments;

public sealed class PlannerAssumptionTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private static DeploymentSpec Spec(string pool) => new()
    {
        Model = "llama-3.1-8b",
        Engine = "sglang",
        Image = new ImageSpec { Name = "lmsysorg/sglang:v0.5.4-cu124", ComputeCapabilities = ["9.0"], Cuda = "12.2" },
        Prefill = new ReplicaSpec { Tp = 1 },
        Decode = new ReplicaSpec { Tp = 1 },
        Pairs = 1,
        TransferPolicy = "prefer-nvlink",
        Pool = pool,
    };

    private static int[] Gpus(PlacementPlan plan) => [.. plan.Pairs.SelectMany(p => p.Prefill.GpuIndices.Concat(p.Decode.GpuIndices))];

    [Fact]
    public async Task Plans_made_to_reserve_hand_out_other_GPUs_until_the_node_answers_and_what_if_plans_hold_nothing()
    {
        const string pool = "assume-pool";
        await fixture.Grains.GetGrain<INodeGrain>("assume-1").ReportAsync(Reports.Steady("assume-1", 1) with { Pool = pool });
        await Eventually.Until(() => fixture.Grains.GetGrain<IFleetGrain>(pool).GetCapacityChangesAsync(0), d => d.Changed.Length == 1);
        var planner = new FleetPlacementPlanner(fixture.Grains, Options.Create(new PlacementOptions()));

        var whatIf = await planner.PlanAsync(Spec(pool));
        var again = await planner.PlanAsync(Spec(pool));
        var first = await planner.PlanToReserveAsync(Spec(pool));
        var second = await planner.PlanToReserveAsync(Spec(pool));

        Assert.Equal(Gpus(whatIf), Gpus(again));
        Assert.True(first.Complete && second.Complete);
        Assert.Empty(Gpus(first).Intersect(Gpus(second)));

        // The node grain answers (here: nothing was reserved): its view replaces the assumptions, and the GPUs are free again.
        var answer = (await fixture.Grains.GetGrain<INodeGrain>("assume-1").GetPlacementAsync())!;
        planner.Observe(answer);
        planner.Observe(answer);
        var third = await planner.PlanToReserveAsync(Spec(pool));
        Assert.Equal(Gpus(first), Gpus(third));
    }

    [Fact]
    public async Task Plans_made_in_parallel_never_hold_one_GPU_twice_and_stop_when_the_pool_is_full()
    {
        const string pool = "parallel-pool";
        string[] nodes = ["parallel-1", "parallel-2"];
        foreach (var node in nodes)
        {
            await fixture.Grains.GetGrain<INodeGrain>(node).ReportAsync(Reports.Steady(node, 1) with { Pool = pool });
        }

        await Eventually.Until(() => fixture.Grains.GetGrain<IFleetGrain>(pool).GetCapacityChangesAsync(0), d => d.Changed.Length == nodes.Length);
        var planner = new FleetPlacementPlanner(fixture.Grains, Options.Create(new PlacementOptions()));
        var gpus = nodes.Length * Reports.Steady(nodes[0], 1).Gpus.Length;

        // As many TP1+TP1 plans as there are GPUs, released together: half of them fit.
        using var start = new ManualResetEventSlim();
        var planning = Enumerable.Range(0, gpus).Select(_ => Task.Run(() =>
        {
            start.Wait();
            return planner.PlanToReserveAsync(Spec(pool));
        })).ToArray();
        start.Set();
        var plans = await Task.WhenAll(planning);

        var held = plans.Where(p => p.Complete).SelectMany(p => p.Pairs.SelectMany(x => new[] { x.Prefill, x.Decode }))
            .SelectMany(r => r.GpuIndices.Select(g => (r.Node, g))).ToArray();
        Assert.Equal(gpus, held.Length);
        Assert.Equal(held.Length, held.Distinct().Count());
        Assert.Equal(gpus / 2, plans.Count(p => p.Complete));
        Assert.Equal(gpus / 2, plans.Count(p => !p.Complete));
    }
}
