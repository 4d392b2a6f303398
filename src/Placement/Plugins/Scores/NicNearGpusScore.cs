namespace ControlPlane.Placement;

/// <summary>
/// A cross-node replica's NIC: +<c>weight</c> when it is PIX/PXB to every GPU of the group (the replica-level
/// part of the near-RDMA tier), less the link rank itself so the nearer of two otherwise equal NICs wins.
/// </summary>
internal sealed class NicNearGpusScore(double near) : INicScore
{
    public static readonly ScoreWeight Near = new("NicNearGpus", 1_000, 1e6, "Cross-node replica whose NIC is PIX/PXB to all its GPUs (the replica-level part of the RDMA tier).");

    public IReadOnlyList<ScoreWeight> Weights => [Near];

    public string Name => nameof(NicNearGpusScore);

    public double Score(NodeShape shape, int nic, int nicRank) => (nicRank <= 2 ? near : 0) - nicRank;
}
