using ControlPlane.Grains.Incidents;
using ControlPlane.Wire.Incidents;

namespace ControlPlane.Grains.Tests.Incidents;

public sealed class TimeoutSignalsTests
{
    [Fact]
    public void The_rank_furthest_behind_is_the_straggler_and_its_gpu_nic_and_node_are_blamed_in_that_order()
    {
        var pair = IncidentSamples.CrossNode("qwen", "n1", [0, 1], "n2", [2, 3]);

        var signal = TimeoutSignals.From("qwen", pair, new NcclTimeoutSignal
        {
            Deployment = "qwen", Pair = 0, Op = "ALLREDUCE", TimeoutMs = 600_000,
            Ranks =
            [
                new RankProgress { Rank = 0, LastEnqueued = 813, LastCompleted = 812 },
                new RankProgress { Rank = 1, LastEnqueued = 813, LastCompleted = 812 },
                new RankProgress { Rank = 2, LastEnqueued = 812, LastCompleted = 811 },
                new RankProgress { Rank = 3, LastEnqueued = 813, LastCompleted = 812 },
            ],
        }, "signal:sidecar");

        Assert.Equal(IncidentKind.NcclTimeout, signal.Kind);
        Assert.Equal([("Gpu", "n2"), ("Nic", "n2"), ("Node", "n2")], signal.Blame.Select(b => (b.Kind.ToString(), b.Node)));
        Assert.Equal(2, signal.Blame[0].Gpu);
        Assert.Contains("rank 2 is behind", signal.Reason, StringComparison.Ordinal);
        Assert.Contains("rank 2: last enqueued 812, last completed 811 <- straggler", signal.Evidence);
        Assert.Equal(("qwen", 0, 0), (signal.Pairs[0].Deployment, signal.Pairs[0].Pair, signal.Pairs[0].Revision));
    }

    [Fact]
    public void Level_ranks_have_no_straggler_and_blame_the_pair()
    {
        var pair = IncidentSamples.SameNode("llama", "n1", 0, 1);

        var signal = TimeoutSignals.From("llama", pair, new NcclTimeoutSignal
        {
            Deployment = "llama", Pair = 0,
            Ranks = [new RankProgress { Rank = 0, LastEnqueued = 5, LastCompleted = 4 }, new RankProgress { Rank = 1, LastEnqueued = 5, LastCompleted = 4 }],
        }, "test");

        Assert.Equal(ComponentKind.Pair, Assert.Single(signal.Blame).Kind);
        Assert.Contains("no straggler", signal.Reason, StringComparison.Ordinal);
    }
}
