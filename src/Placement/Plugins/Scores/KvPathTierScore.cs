namespace ControlPlane.Placement;

/// <summary>The dominant score: <c>weight</c> per tier step better than TCP, so one step outweighs every other plugin together.</summary>
internal sealed class KvPathTierScore(double tierStep) : IKvPathScore
{
    public string Name => nameof(KvPathTierScore);

    public double Score(int rank, double gbps) => tierStep * (KvPath.RankTcp - rank);
}
