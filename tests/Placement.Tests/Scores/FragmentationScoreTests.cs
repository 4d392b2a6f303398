using ControlPlane.Simulation;
using static ControlPlane.Placement.Tests.PlacementFleet;

namespace ControlPlane.Placement.Tests.Scores;

public sealed class FragmentationScoreTests
{
    [Fact]
    public void Taking_an_aligned_pair_breaks_less_than_straddling_two_pairs()
    {
        var h20 = Shape(Node("h20-01", NodeTemplates.H20));
        var score = new FragmentationScore(2);

        // Free value 112 = 4 pairs × 4 + 2 quads × 16 + 64; {0,1} breaks a pair, a quad and the whole (84).
        Assert.Equal(-168, score.Score(h20, h20.WholeMask, Gpus(0, 1)));
        Assert.Equal(-176, score.Score(h20, h20.WholeMask, Gpus(0, 2)));
        Assert.Equal(0, score.Score(h20, h20.WholeMask, 0));
    }

    [Fact]
    public void Engine_keeps_a_TP4_NVLink_group_whole_after_a_TP2_pair_on_an_empty_H20()
    {
        var index = Index(Node("h20-01", NodeTemplates.H20));
        Assert.Equal(2, Fragmentation.FreeNvLinkGroups(index, 4));

        var plan = Plan(Spec(), index);
        index.Allocate(plan.Pairs[0], "qwen/pair-0");

        Assert.Equal(1, Fragmentation.FreeNvLinkGroups(index, 4));
        var next = Plan(Spec(prefillTp: 4, decodeTp: 4), Index(index.Nodes.ToArray()));
        Assert.False(next.Complete); // 4 free GPUs: one TP4 group, not a TP4 + TP4 pair
        Assert.Equal(4, index.Find("h20-01")!.Gpus.Count(g => g.AllocatedTo is null));
    }

    [Fact]
    public void Second_pair_goes_to_the_already_broken_island_best_fit()
    {
        var index = Index(Node("h20-01", NodeTemplates.H20, allocated: [0, 1]), Node("h20-02", NodeTemplates.H20));

        var plan = Plan(Spec(model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1), index);

        var pair = plan.Pairs[0];
        Assert.Equal("h20-01", pair.Prefill.Node);
        Assert.Equal([2], pair.Prefill.GpuIndices);
        Assert.Equal([3], pair.Decode.GpuIndices);
    }
}
