using ControlPlane.Simulation;
using static ControlPlane.Placement.Tests.PlacementFleet;

namespace ControlPlane.Placement.Tests.Scores;

public sealed class KvBandwidthScoreTests
{
    [Fact]
    public void Path_scores_its_weight_per_GBps()
    {
        Assert.Equal(788, new KvBandwidthScore(2).Score(KvPath.RankNvLink, 394));
    }

    [Fact]
    public void A_400G_InfiniBand_NIC_scores_above_a_200G_RoCE_NIC()
    {
        var shape = Shape(Node("h20-01", NodeTemplates.H20));
        var score = new KvBandwidthScore(2);

        Assert.Equal(100, score.Score(shape, nic: 0, nicRank: 1)); // mlx5_0, 400 Gb/s = 50 GB/s
        Assert.Equal(50, score.Score(shape, nic: 4, nicRank: 1)); // mlx5_4, 200 Gb/s = 25 GB/s
    }
}
