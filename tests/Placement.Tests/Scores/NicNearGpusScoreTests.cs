using ControlPlane.Simulation;
using static ControlPlane.Placement.Tests.PlacementFleet;

namespace ControlPlane.Placement.Tests.Scores;

public sealed class NicNearGpusScoreTests
{
    [Fact]
    public void NIC_on_the_GPUs_PCIe_switch_gets_the_bonus_less_its_rank()
    {
        var shape = Shape(Node("v100-01", NodeTemplates.V100));
        var score = new NicNearGpusScore(1_000);

        Assert.Equal(999, score.Score(shape, nic: 0, nicRank: 1)); // PIX
        Assert.Equal(998, score.Score(shape, nic: 0, nicRank: 2)); // PXB
        Assert.Equal(-5, score.Score(shape, nic: 0, nicRank: 5)); // SYS
    }

    [Fact]
    public void Cross_node_pair_uses_the_Active_NIC_that_is_PIX_or_PXB_to_its_GPUs()
    {
        // Two V100 nodes with GPUs 4-7 taken: a TP4 + TP4 pair cannot share a node.
        var index = Index(Node("v100-01", NodeTemplates.V100, allocated: [4, 5, 6, 7]), Node("v100-02", NodeTemplates.V100, allocated: [4, 5, 6, 7]));

        var plan = Plan(Spec(model: "llama-3.1-8b", prefillTp: 4, decodeTp: 4, cc: ["7.0"]), index);

        var pair = Assert.Single(plan.Pairs);
        Assert.NotEqual(pair.Prefill.Node, pair.Decode.Node);
        Assert.Equal("rdma", pair.Tier);
        Assert.Equal("mlx5_0", pair.Prefill.Nic);
        Assert.Equal("mlx5_0", pair.Decode.Nic);
        Assert.Equal("rdma/rdma_v100", pair.Prefill.RdmaResource);
        Assert.Equal("mlx5_0 100 Gb/s (PXB/PXB)", pair.Wire);
        Assert.Equal([0, 1, 2, 3], pair.Prefill.GpuIndices);
    }
}
