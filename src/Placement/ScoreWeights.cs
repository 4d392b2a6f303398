namespace ControlPlane.Placement;

/// <summary>
/// The score plugins' weights. A pair's score is the sum of: KV path tier (dominant: one tier step
/// outweighs every other plugin together), bandwidth within the tier, TP locality, NUMA, the
/// fragmentation it causes, and spread/health penalties.
/// </summary>
public static class ScoreWeights
{
    /// <summary>Per tier step better than TCP (rank 5).</summary>
    public const double TierStep = 100_000;

    /// <summary>Per GB/s of KV path bandwidth (≤ 394 GB/s, so ≤ 788: far below one tier step).</summary>
    public const double BandwidthPerGBps = 2;

    /// <summary>
    /// Per GiB of GPU memory a replica leaves unused beyond its share of the weights (best fit on memory):
    /// big-memory GPUs stay free for the replicas that need them (TP2 Qwen2.5-72B fits H20/H200 only),
    /// and this outweighs bandwidth differences inside one tier.
    /// </summary>
    public const double MemorySlackPerGiB = 100;

    /// <summary>Per replica whose TP group is all NV#.</summary>
    public const int TpInsideNvLink = 300;

    /// <summary>Per replica whose TP group is on one NUMA node.</summary>
    public const int TpInsideNuma = 100;

    /// <summary>Per unit of free-block value (Σ s², see <see cref="NodeShape"/>) the choice destroys.</summary>
    public const int FragmentationPerUnit = 2;

    /// <summary>Cross-node replica whose NIC is PIX/PXB to all its GPUs (the replica-level part of the RDMA tier).</summary>
    public const int NicNearGpus = 1_000;

    /// <summary>For a pair on a failure domain (node, rack, NIC rail) that already holds a pair of this plan.</summary>
    public const int SameFailureDomain = 5_000;

    /// <summary>For a node whose health is Degraded (still usable).</summary>
    public const int DegradedNode = 2_000;

    public static double PathScore(int rank, double gbps) => (TierStep * (KvPath.RankTcp - rank)) + (BandwidthPerGBps * gbps);
}
