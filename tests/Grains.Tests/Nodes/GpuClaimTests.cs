using ControlPlane.Contracts.Gpus;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Wire.Gpus;
using ControlPlane.Wire.Identity;
using ControlPlane.Wire.Nodes;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Grains.Tests.Nodes;

/// <summary>The GPU grain decides which node a UUID belongs to; node grains ask it only for UUIDs new to them.</summary>
public sealed class GpuClaimTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private INodeGrain Node(string name) => fixture.Grains.GetGrain<INodeGrain>(name);

    [Fact]
    public async Task A_node_claims_its_gpus_once_when_they_are_new_to_it_and_a_steady_node_asks_nothing()
    {
        var first = Reports.Steady("claim-once-1", 1);
        await Node("claim-once-1").ReportAsync(first);
        var claimsAfterFirst = first.Gpus.Sum(g => GrainClusterFixture.CallsTo(g.Uuid, "ClaimAndObserveAsync"));

        for (var seq = 2; seq <= 10; seq++)
        {
            var ack = await Node("claim-once-1").ReportAsync(Reports.WithXid(Reports.Steady("claim-once-1", seq), gpu: seq % 8, xid: 13));
            Assert.Equal(ProbeOutcome.Accepted, ack.Outcome);
        }

        Assert.Equal(8, claimsAfterFirst);
        Assert.Equal(8, first.Gpus.Sum(g => GrainClusterFixture.CallsTo(g.Uuid, "ClaimAndObserveAsync")));
        Assert.Equal(10, GrainClusterFixture.CallsTo("claim-once-1", "ReportAsync"));
    }

    [Fact]
    public async Task A_claim_on_a_gpu_its_owner_reports_is_refused_and_the_claimant_stores_nothing()
    {
        var owned = Reports.Steady("claim-owner-1", 1, NodeTemplates.V100);
        await Node("claim-owner-1").ReportAsync(owned);
        var claimant = Reports.Steady("claim-thief-1", 1, NodeTemplates.V100);
        var stolen = owned.Gpus[2].Uuid;
        var claim = claimant with { Gpus = [.. claimant.Gpus.Select(g => g.Index == 5 ? g with { Uuid = stolen } : g)] };

        var ack = await Node("claim-thief-1").ReportAsync(claim);
        var again = await Node("claim-thief-1").ReportAsync(claim with { Sequence = 2 });

        Assert.Equal(ProbeOutcome.GpuConflict, ack.Outcome);
        var conflict = Assert.Single(ack.GpuConflicts!);
        Assert.Equal((stolen, "claim-owner-1"), (conflict.Uuid, conflict.Owner));
        Assert.Equal(conflict.OwnerLastSeen + TimeSpan.FromMinutes(10), conflict.MovableAt);
        Assert.Equal(ProbeOutcome.GpuConflict, again.Outcome);
        Assert.Null(await Node("claim-thief-1").GetAsync());
        Assert.Equal(0, GrainClusterFixture.CallsTo(NicKey.Of("claim-thief-1", "mlx5_0", 1), "ObserveAsync"));
        // Its other GPUs were granted and observed with their claims (IGpuGrain.ClaimAndObserveAsync): owned by a node
        // that stores no report naming them, which a later claim of another node finds out and grants.
        var granted = await fixture.Grains.GetGrain<IGpuGrain>(claim.Gpus[0].Uuid).GetAsync();
        Assert.Equal("claim-thief-1", granted!.Node);
        Assert.Equal(GpuClaimAnswer.Granted.IsGranted, (await fixture.Grains.GetGrain<IGpuGrain>(claim.Gpus[0].Uuid).ClaimAsync("claim-other-1")).IsGranted);
        var gpu = await fixture.Grains.GetGrain<IGpuGrain>(stolen).GetAsync();
        Assert.Equal(("claim-owner-1", 2), (gpu!.Node, gpu.Index));
        var refused = Assert.Single(gpu.Claims);
        Assert.Equal((GpuClaimKind.Refused, "claim-thief-1", "claim-owner-1"), (refused.Kind, refused.Claimant, refused.Owner));
    }

    [Fact]
    public async Task A_gpu_its_owner_no_longer_reports_moves_at_once_and_the_move_is_in_its_history()
    {
        var owned = Reports.Steady("claim-from-1", 1);
        await Node("claim-from-1").ReportAsync(owned);
        var moved = owned.Gpus[7];
        await Node("claim-from-1").ReportAsync(WithoutGpu(Reports.Steady("claim-from-1", 2), moved.Uuid));
        var target = Reports.Steady("claim-to-1", 1);

        var ack = await Node("claim-to-1").ReportAsync(target with { Gpus = [.. target.Gpus.Select(g => g.Index == 0 ? g with { Uuid = moved.Uuid } : g)] });

        Assert.Equal(ProbeOutcome.Accepted, ack.Outcome);
        var gpu = await fixture.Grains.GetGrain<IGpuGrain>(moved.Uuid).GetAsync();
        Assert.Equal(("claim-to-1", 0), (gpu!.Node, gpu.Index));
        var move = Assert.Single(gpu.Claims);
        Assert.Equal((GpuClaimKind.Moved, "claim-to-1", "claim-from-1"), (move.Kind, move.Claimant, move.Owner));
        Assert.Equal(moved.Uuid, (await Node("claim-to-1").GetAsync())!.Gpus[0].Report.Uuid);
    }

    private static ProbeReport WithoutGpu(ProbeReport report, string uuid) => report with { Gpus = [.. report.Gpus.Where(g => g.Uuid != uuid)] };
}
