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
}
