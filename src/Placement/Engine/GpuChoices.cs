using ControlPlane.Wire.Topology;

namespace ControlPlane.Placement;

/// <summary>A same-node prefill/decode choice: GPU masks, the worst link between them (as a wire name) and its score.</summary>
internal sealed class SameNodeOption(uint prefill, uint decode, int rank, TopologyLink worst, double gbps, double score)
{
    public uint Prefill => prefill;
    public uint Decode => decode;
    public int Rank => rank;
    public TopologyLink Worst => worst;
    public string Wire { get; } = worst.ToString();
    public double GBps => gbps;
    public double Score => score;
}

/// <summary>
/// One replica's GPUs for a cross-node pair and the NIC it sends through (-1: none, TCP only). <see cref="Score"/> is
/// <see cref="GroupScore"/> + <see cref="TakeScore"/> + the NIC's score; a pair counts the first two, its path counts the NIC.
/// </summary>
internal sealed record ReplicaOption(uint Gpus, int Nic, int NicRank, double GroupScore, double TakeScore, double Score);

/// <summary>The best replica choice through an InfiniBand NIC, through a RoCE NIC, and ignoring NICs (for TCP).</summary>
internal sealed record ReplicaOptions(ReplicaOption? InfiniBand, ReplicaOption? Ethernet, ReplicaOption? Any);
