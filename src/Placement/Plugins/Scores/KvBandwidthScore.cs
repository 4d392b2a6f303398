namespace ControlPlane.Placement;

/// <summary>
/// <c>weight</c> per GB/s: of the KV path, to rank pairs inside one tier, and of a cross-node replica's NIC
/// (its RDMA rate), to pick the faster of two NICs for the replica.
/// </summary>
internal sealed class KvBandwidthScore(double perGBps) : IKvPathScore, INicScore
{
    public static readonly ScoreWeight PerGBps = new("BandwidthPerGBps", 2, 1e6, "Per GB/s of KV path bandwidth (at most 394 GB/s, so at most 788: far below one tier step).");

    public IReadOnlyList<ScoreWeight> Weights => [PerGBps];

    public string Name => nameof(KvBandwidthScore);

    public double Score(int rank, double gbps) => perGBps * gbps;

    public double Score(NodeShape shape, int nic, int nicRank) => perGBps * KvPath.RdmaGBps(shape.Nics[nic].RateGbps);
}
