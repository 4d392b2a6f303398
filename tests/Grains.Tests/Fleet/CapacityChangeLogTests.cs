using ControlPlane.Contracts.Fleet;
using ControlPlane.Grains.Fleet;
using ControlPlane.Placement;
using ControlPlane.Testing;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Grains.Tests.Fleet;

public sealed class CapacityChangeLogTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private static PlacementNode View(string node, long version = 1, string pool = "h20")
    {
        var report = Reports.Steady(node, 1) with { Pool = pool };
        return PlacementNodeFactory.From(report, report.Gpus.ToDictionary(g => g.Uuid, _ => HealthStatus.Healthy), new Dictionary<int, string>(), HealthStatus.Healthy, Readiness.Ready, false, version);
    }

    [Fact]
    public void Since_a_stamp_returns_only_the_nodes_changed_after_it_oldest_first()
    {
        var log = new CapacityChangeLog();
        log.Upsert(View("a"), 1);
        log.Upsert(View("b"), 2);
        log.Upsert(View("c"), 3);
        log.Upsert(View("a", version: 2), 4);

        var (changed, removed) = log.Since(2, all: false);

        Assert.Equal(["c", "a"], changed.Select(n => n.Node));
        Assert.Equal(2, changed[1].Version);
        Assert.Empty(removed);
    }

    [Fact]
    public void A_removal_is_reported_once_after_its_stamp_and_a_return_replaces_it()
    {
        var log = new CapacityChangeLog();
        log.Upsert(View("a"), 1);
        log.Upsert(View("b"), 2);
        log.MarkRemoved("a", 3);

        var afterRemoval = log.Since(2, all: false);
        log.Upsert(View("a", version: 5), 4);
        var afterReturn = log.Since(3, all: false);

        Assert.Equal(["a"], afterRemoval.Removed);
        Assert.Empty(afterRemoval.Changed);
        Assert.Null(log.Find("x"));
        Assert.Equal(["a"], afterReturn.Changed.Select(n => n.Node));
        Assert.Empty(afterReturn.Removed);
    }

    [Fact]
    public void All_returns_every_view_and_every_removal_whatever_the_stamp()
    {
        var log = new CapacityChangeLog();
        log.Upsert(View("a"), 10);
        log.Upsert(View("b"), 11);
        log.MarkRemoved("b", 12);

        var (changed, removed) = log.Since(long.MaxValue, all: true);

        Assert.Equal(["a"], changed.Select(n => n.Node));
        Assert.Equal(["b"], removed);
        Assert.Equal(2, log.Count);
    }

    [Fact]
    public async Task The_fleet_grain_answers_a_reader_with_only_the_views_changed_since_its_version()
    {
        var fleet = fixture.Grains.GetGrain<IFleetGrain>("changelog-pool");
        foreach (var node in new[] { "cl-1", "cl-2", "cl-3" })
        {
            await fleet.UpsertCapacityAsync(View(node, pool: "changelog-pool"));
        }

        var first = await Eventually.Until(() => fleet.GetCapacityChangesAsync(0), d => d.Changed.Length == 3);
        await fleet.UpsertCapacityAsync(View("cl-1", version: 0, pool: "changelog-pool")); // older than the one held: ignored
        await fleet.UpsertCapacityAsync(View("cl-2", version: 2, pool: "changelog-pool"));
        var next = await Eventually.Until(() => fleet.GetCapacityChangesAsync(first.Version), d => d.Changed.Length > 0);
        var steady = await fleet.GetCapacityChangesAsync(next.Version);

        Assert.True(first.Full);
        Assert.False(next.Full);
        Assert.Equal(["cl-2"], next.Changed.Select(n => n.Node));
        Assert.Equal(2, next.Changed[0].Version);
        Assert.Empty(steady.Changed);
        Assert.Equal(next.Version, steady.Version);
    }
}
