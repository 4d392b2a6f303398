using ControlPlane.Contracts.Nodes;
using ControlPlane.Contracts.Placement;
using ControlPlane.Contracts.Reservations;
using ControlPlane.Grains.Tests.Deployments;

namespace ControlPlane.Grains.Tests.Nodes;

/// <summary>An orphan's first sighting is stored: the reconciler's activation moving (or collected) does not restart its grace.</summary>
public sealed class ReconcilerSuspectsTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    [Fact]
    public async Task A_suspect_keeps_its_first_sighting_across_a_new_activation_of_the_reconciler()
    {
        await SparePools.RegisterAsync(fixture.Grains, "suspects", ["suspects-1"]);
        Assert.True((await fixture.Grains.GetGrain<INodeGrain>("suspects-1").ReserveAsync(new GpuReservation { Owner = "ghost/pair-0/prefill", GpuIndices = [0, 1] })).Reserved);
        var reconciler = fixture.Grains.GetGrain<IReservationReconcilerGrain>(IReservationReconcilerGrain.Key);

        var first = Sighting(await reconciler.ReconcileNowAsync());

        // Sightings are said to the second: a new one now would read differently from the first.
        fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await SparePools.RegisterAsync(fixture.Grains, "suspects", ["suspects-1"], sequence: 2);
        var second = Sighting(await reconciler.ReconcileNowAsync());

        Assert.Equal(first, second);
    }

    private static string Sighting(ReconcileReport report) =>
        report.Waiting.Single(w => w.Contains("ghost/pair-0/prefill", StringComparison.Ordinal));
}
