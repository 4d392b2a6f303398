using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Topology;

namespace ControlPlane.Placement;

/// <summary>
/// The KV transfer path tiers of docs/architecture.md, their bandwidths and the 4k-token transfer estimate.
/// Ranks (lower is better): 0 same-node NVLink, 1 two nodes of one multi-node NVLink domain (GB200/GB300 NVL72 trays),
/// 2 same-node PIX/PXB, 3 same-node PHB/NODE/SYS, 4 cross-node RDMA through NICs PIX/PXB to both replicas' GPUs,
/// 5 cross-node RDMA through PHB/NODE/SYS, 6 TCP.
/// </summary>
/// <remarks>
/// Bandwidths (GB = 10^9 bytes, per direction), from the measurements in docs/architecture.md on 2×H200:
/// NVLink = 26.562 GB/s × links, capped by the measured 394 GB/s GPU→peer copy;
/// PCIe (PIX/PXB/PHB/NODE) = the measured 55.5 GB/s host↔GPU (Gen5); SYS (across the socket
/// interconnect) is taken as half of that (an assumption, not measured);
/// RDMA = min(NIC Gb/s ÷ 8, 55.5); TCP = the 0.365 GB/s of field report 1; an NVLink domain = 900 GB/s per direction
/// (NVIDIA's GB200 NVL72 specification: fifth-generation NVLink, 1.8 TB/s GPU-to-GPU per GPU; not measured here).
/// Check: Qwen2.5-72B, 327,680 B/token × 4,096 = 1.342 GB → NV18: 478 capped to 394 GB/s = 3.41 ms;
/// 400 Gb/s RDMA: 50 GB/s = 26.8 ms; TCP: 3.68 s — docs/architecture.md says ~3.4 ms, ~27 ms, ~3.7 s.
/// </remarks>
internal static class KvPath
{
    public const int PromptTokens = 4096;
    public const double NvLinkGBpsPerLink = 26.562;
    public const double PeerCopyCapGBps = 394;
    public const double PcieGBps = 55.5;
    public const double SysGBps = PcieGBps / 2;
    public const double TcpGBps = 0.365;

    public const double NvLinkDomainGBps = 900;

    public const int RankNvLink = 0;
    public const int RankNvLinkDomain = 1;
    public const int RankPcieSwitch = 2;
    public const int RankHostBridge = 3;
    public const int RankRdmaNear = 4;
    public const int RankRdmaFar = 5;
    public const int RankTcp = 6;

    public static string TierName(int rank) => rank switch
    {
        RankNvLink => "nvlink",
        RankNvLinkDomain => "nvlink-domain",
        RankPcieSwitch or RankHostBridge => "pcie",
        RankRdmaNear or RankRdmaFar => "rdma",
        _ => "tcp",
    };

    public static double NvLinkGBps(int links) => Math.Min(links * NvLinkGBpsPerLink, PeerCopyCapGBps);

    public static double RdmaGBps(double nicGbps) => Math.Min(nicGbps / 8, PcieGBps);

    /// <summary>Same-node bandwidth over the worst link between the two replicas' GPUs.</summary>
    public static double SameNodeGBps(TopologyLink worst) => worst.Kind switch
    {
        LinkKind.NvLink => NvLinkGBps(worst.NvLinks),
        LinkKind.Sys => SysGBps,
        _ => PcieGBps,
    };

    /// <summary>Milliseconds to move the KV cache of a <see cref="PromptTokens"/>-token prompt at <paramref name="gbps"/>.</summary>
    public static double TransferMs(ModelSpec model, double gbps)
    {
        ArgumentNullException.ThrowIfNull(model);
        return gbps <= 0 ? double.PositiveInfinity : model.KvBytesPerToken * (double)PromptTokens / (gbps * 1e9) * 1000;
    }

    /// <summary>Rank of one link cell, best first: NV# 0, PIX 1, PXB 2, PHB 3, NODE 4, SYS 5.</summary>
    public static int LinkRank(LinkKind kind) => kind switch
    {
        LinkKind.Self => -1,
        LinkKind.NvLink => 0,
        LinkKind.Pix => 1,
        LinkKind.Pxb => 2,
        LinkKind.Phb => 3,
        LinkKind.Node => 4,
        _ => 5,
    };

    public static bool PolicyAllows(TransferPolicy policy, int rank) => policy switch
    {
        TransferPolicy.RequireNvlink => rank is RankNvLink or RankNvLinkDomain,
        TransferPolicy.AllowTcp => true,
        _ => rank < RankTcp,
    };
}
