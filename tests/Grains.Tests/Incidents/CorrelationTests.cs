using ControlPlane.Contracts.Incidents;
using ControlPlane.Grains.Incidents;
using ControlPlane.Wire.Incidents;
using ControlPlane.Wire.Deployments;

namespace ControlPlane.Grains.Tests.Incidents;

public sealed class CorrelationTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_first_signal_matches_nothing()
    {
        var a = IncidentSamples.CrossNode("a", "n1", [0], "n2", [0]);

        Assert.Null(Correlation.Find(Timeout(a, 0), new RecentBlames()));
    }

    [Fact]
    public void A_second_pair_whose_straggler_shares_the_nic_joins_and_widens_the_blame_to_that_nic()
    {
        var a = IncidentSamples.CrossNode("a", "n1", [0], "n2", [0]);
        var b = IncidentSamples.CrossNode("b", "n1", [1], "n3", [0]);
        var recent = Remember(Timeout(a, 0), "inc-1", blamed: 0);

        var match = Correlation.Find(Timeout(b, 0), recent);

        Assert.NotNull(match);
        Assert.Equal(("inc-1", ComponentKind.Nic, "mlx5_0"), (match.Incident, match.Blamed.Kind, match.Blamed.Nic));
        Assert.Contains("blame widens from GPU 0 of n1 to NIC mlx5_0 port 1 of n1", match.Escalation, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_same_node_pairs_with_different_gpus_escalate_to_the_node()
    {
        var a = IncidentSamples.SameNode("a", "n1", 0, 1);
        var b = IncidentSamples.SameNode("b", "n1", 4, 5);

        var match = Correlation.Find(Timeout(b, 0), Remember(Timeout(a, 0), "inc-1", blamed: 0));

        Assert.Equal(ComponentKind.Node, match!.Blamed.Kind);
    }

    [Fact]
    public void The_same_pair_again_joins_its_incident_without_escalating()
    {
        var a = IncidentSamples.CrossNode("a", "n1", [0], "n2", [0]);

        var match = Correlation.Find(Timeout(a, 1), Remember(Timeout(a, 0), "inc-1", blamed: 0));

        Assert.Equal(("inc-1", ComponentKind.Gpu, (string?)null), (match!.Incident, match.Blamed.Kind, match.Escalation));
    }

    [Fact]
    public void Pruning_forgets_what_is_older_than_the_window()
    {
        var a = IncidentSamples.CrossNode("a", "n1", [0], "n2", [0]);
        var b = IncidentSamples.CrossNode("b", "n1", [1], "n3", [0]);
        var recent = Remember(Timeout(a, 0), "inc-1", blamed: 0);

        recent.Prune(At.AddSeconds(1), limit: 1000);

        Assert.Equal(0, recent.Count);
        Assert.Null(Correlation.Find(Timeout(b, 0), recent));
    }

    [Fact]
    public void A_re_placed_pair_is_a_new_pair_for_correlation()
    {
        var before = IncidentSamples.CrossNode("a", "n1", [0], "n2", [0]);
        var after = IncidentSamples.CrossNode("a", "n5", [0], "n6", [0], revision: 1);

        Assert.Null(Correlation.Find(Timeout(after, 0), Remember(Timeout(before, 0), "inc-1", blamed: 0)));
    }

    private static FailureSignal Timeout(PairView pair, int straggler) =>
        TimeoutSignals.From(pair.Id[..pair.Id.IndexOf('/')], pair, new NcclTimeoutSignal
        {
            Deployment = pair.Id[..pair.Id.IndexOf('/')],
            Pair = 0,
            Ranks =
            [
                new RankProgress { Rank = straggler, LastEnqueued = 9, LastCompleted = 8 },
                new RankProgress { Rank = 1 - straggler, LastEnqueued = 10, LastCompleted = 9 },
            ],
        }, "test");

    private static RecentBlames Remember(FailureSignal signal, string incident, int blamed) => new(
        signal.Blame.Select((b, i) => new RecentBlame
        {
            Key = b.Key, Incident = incident, Pair = Correlation.Key(signal.Pairs[0]), At = At, Component = b, Blamed = i == blamed,
        }));
}
