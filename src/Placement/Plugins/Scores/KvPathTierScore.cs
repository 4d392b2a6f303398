namespace ControlPlane.Placement;

/// <summary>The dominant score: <c>weight</c> per tier step better than TCP, so one step outweighs every other plugin together.</summary>
internal sealed class KvPathTierScore(double tierStep) : IKvPathScore
{
    public static readonly ScoreWeight TierStep = new("TierStep", 100_000, 1e9, "Per tier step better than TCP (rank 6): one step outweighs every other score together.");

    public IReadOnlyList<ScoreWeight> Weights => [TierStep];

    public string Name => nameof(KvPathTierScore);

    public double Score(int rank, double gbps) => tierStep * (KvPath.RankTcp - rank);
}
