using ControlPlane.Grains.Incidents;
using ControlPlane.Wire.Incidents;

namespace ControlPlane.Grains.Tests.Incidents;

public sealed class PairBlameTests
{
    [Fact]
    public void Ranks_count_the_prefill_gpus_first_then_the_decode_gpus()
    {
        var pair = IncidentSamples.CrossNode("qwen", "n1", [4, 5], "n2", [0, 1]);

        var decodeSecond = PairBlame.ForRank(pair, 3, role: null);
        var prefillFirst = PairBlame.ForRank(pair, 0, role: null);

        Assert.Equal([("Gpu", "n2", (int?)1), ("Nic", "n2", null), ("Node", "n2", null)], decodeSecond.Select(b => (b.Kind.ToString(), b.Node, b.Gpu)));
        Assert.Equal(("n1", 4, "mlx5_0"), (prefillFirst[0].Node, prefillFirst[0].Gpu, prefillFirst[1].Nic));
    }

    [Fact]
    public void A_named_role_counts_ranks_within_that_replica()
    {
        var pair = IncidentSamples.CrossNode("qwen", "n1", [4, 5], "n2", [0, 1]);

        Assert.Equal(("n2", 1), (PairBlame.ForRank(pair, 1, "decode")[0].Node, PairBlame.ForRank(pair, 1, "decode")[0].Gpu));
        Assert.Empty(PairBlame.ForRank(pair, 2, "decode"));
        Assert.Empty(PairBlame.ForRank(pair, 9, role: null));
    }

    [Fact]
    public void A_same_node_pair_blames_no_nic()
    {
        var blame = PairBlame.ForRank(IncidentSamples.SameNode("llama", "n7", 2, 3), 1, role: null);

        Assert.Equal([ComponentKind.Gpu, ComponentKind.Node], blame.Select(b => b.Kind));
        Assert.Equal(3, blame[0].Gpu);
    }

    [Fact]
    public void A_pair_touches_a_nic_only_when_its_kv_transfer_crosses_it()
    {
        var cross = IncidentSamples.CrossNode("qwen", "n1", [0], "n2", [0], nic: "mlx5_1");
        var local = IncidentSamples.SameNode("llama", "n1", 2, 3);
        var nic = new BlamedComponent { Kind = ComponentKind.Nic, Node = "n1", Nic = "mlx5_1", NicPort = 1 };
        var otherNic = nic with { Nic = "mlx5_3" };
        var gpu = new BlamedComponent { Kind = ComponentKind.Gpu, Node = "n1", Gpu = 3 };

        Assert.True(PairBlame.Touches(cross.Placement, nic));
        Assert.False(PairBlame.Touches(cross.Placement, otherNic));
        Assert.False(PairBlame.Touches(local.Placement, nic));
        Assert.True(PairBlame.Touches(local.Placement, gpu));
        Assert.False(PairBlame.Touches(cross.Placement, gpu));
        Assert.True(PairBlame.Touches(local.Placement, new BlamedComponent { Kind = ComponentKind.Node, Node = "n1" }));
    }
}
