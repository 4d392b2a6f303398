namespace ControlPlane.Placement.Tests.Scores;

public sealed class KvPathTierScoreTests
{
    [Fact]
    public void Each_tier_better_than_TCP_adds_one_step()
    {
        var score = new KvPathTierScore(100_000);

        Assert.Equal(600_000, score.Score(KvPath.RankNvLink, 394));
        Assert.Equal(200_000, score.Score(KvPath.RankRdmaNear, 50));
        Assert.Equal(0, score.Score(KvPath.RankTcp, KvPath.TcpGBps));
    }

    [Fact]
    public void One_tier_step_outweighs_the_widest_bandwidth_difference()
    {
        var weights = new PlacementWeights();
        var tier = new KvPathTierScore(weights.Of(KvPathTierScore.TierStep));
        var bandwidth = new KvBandwidthScore(weights.Of(KvBandwidthScore.PerGBps));

        var slowNvLink = tier.Score(KvPath.RankNvLink, 26) + bandwidth.Score(KvPath.RankNvLink, 26);
        var fastPcie = tier.Score(KvPath.RankPcieSwitch, KvPath.PeerCopyCapGBps) + bandwidth.Score(KvPath.RankPcieSwitch, KvPath.PeerCopyCapGBps);

        Assert.True(slowNvLink > fastPcie);
    }
}
