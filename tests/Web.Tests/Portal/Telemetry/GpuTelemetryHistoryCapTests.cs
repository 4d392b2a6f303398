using ControlPlane.Testing;
using ControlPlane.Web.Portal;
using ControlPlane.Web.Portal.Telemetry;
using Microsoft.Extensions.Options;

namespace ControlPlane.Web.Tests.Portal.Telemetry;

/// <summary>
/// The ring keeps at most <see cref="PortalOptions.HistoryNodes"/> nodes by its own count (it stopped asking the
/// dictionary's <c>Count</c>, which took every lock on every report): the count must follow adds, evictions for a
/// watched node, and reports racing from many threads.
/// </summary>
public sealed class GpuTelemetryHistoryCapTests
{
    [Fact]
    public void Nodes_past_the_cap_are_not_recorded_until_a_watched_node_takes_the_place_of_an_unwatched_one()
    {
        var ring = new GpuTelemetryHistory(Options.Create(new PortalOptions { HistoryNodes = 2 }));
        var now = DateTimeOffset.UtcNow;
        foreach (var node in (string[])["a", "b", "c"])
        {
            ring.Record(node, Reports.For(node, sequence: 1, at: now));
        }

        Assert.NotEmpty(ring.Of("a", 0));
        Assert.NotEmpty(ring.Of("b", 0));
        Assert.Empty(ring.Of("c", 0));

        ring.Watch("d"); // evicts one of a, b: the ring still holds two
        ring.Record("d", Reports.For("d", sequence: 1, at: now));
        ring.Record("e", Reports.For("e", sequence: 1, at: now));
        Assert.NotEmpty(ring.Of("d", 0));
        Assert.Empty(ring.Of("e", 0));
        Assert.Equal(1, new[] { "a", "b" }.Count(n => ring.Of(n, 0).Count > 0));
    }

    [Fact]
    public void Reports_from_many_threads_at_once_fill_the_ring_to_its_cap_and_no_further()
    {
        const int cap = 64;
        var ring = new GpuTelemetryHistory(Options.Create(new PortalOptions { HistoryNodes = cap }));
        var now = DateTimeOffset.UtcNow;
        var nodes = Enumerable.Range(0, 1_000).Select(i => $"n{i}").ToArray();
        var reports = nodes.Select(n => Reports.For(n, sequence: 1, at: now)).ToArray();

        Parallel.For(0, nodes.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => ring.Record(nodes[i], reports[i]));

        Assert.Equal(cap, nodes.Count(n => ring.Of(n, 0).Count > 0));
    }
}
