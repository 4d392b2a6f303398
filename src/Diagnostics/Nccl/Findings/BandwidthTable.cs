using System.Globalization;

namespace ControlPlane.Diagnostics.Nccl.Findings;

/// <summary>
/// the measured table in docs/architecture.md (2×H200 NV18, NCCL 2.28.9, 256 MiB all-reduce bus bandwidth) and the
/// other measured figures it quotes for the paths that table does not cover.
/// </summary>
internal static class BandwidthTable
{
    public const double NvLinkGBps = 296;
    public const double ShmGBps = 28;
    public const double TcpLowGBps = 3.8;
    public const double TcpHighGBps = 4.4;

    public static BandwidthClass For(NcclTransport transport, double? measured, Evidence? measuredEvidence) => transport switch
    {
        NcclTransport.NvLink => new(transport, NvLinkGBps, NvLinkGBps,
            "measured: 2×H200 NV18, P2P/CUMEM all-reduce", measured, measuredEvidence),
        NcclTransport.PcieP2p => new(transport, null, 55.5,
            "ceiling: PCIe Gen5 host↔GPU copy measured at 55.5 GB/s", measured, measuredEvidence),
        NcclTransport.Shm => new(transport, ShmGBps, ShmGBps,
            "measured: NCCL_P2P_DISABLE=1, SHM/direct all-reduce", measured, measuredEvidence),
        NcclTransport.Rdma => new(transport, 11.8, 50,
            "per NIC: 94.7 Gb/s ib_write_bw on a 100 Gb/s port, up to 400 Gb/s NICs", measured, measuredEvidence),
        NcclTransport.Tcp => new(transport, TcpLowGBps, TcpHighGBps,
            "measured: NET/Socket all-reduce between containers on one node", measured, measuredEvidence),
        _ => new(transport, null, null, "no channel line in the log", measured, measuredEvidence),
    };

    /// <summary>"~78× slower than measured P2P (296 vs 3.8 GB/s)", or null when the path has no figure.</summary>
    public static string? SlowdownVersusNvLink(NcclTransport running)
    {
        var low = For(running, null, null).LowGBps;
        if (low is not > 0 || running == NcclTransport.NvLink)
        {
            return null;
        }

        var ratio = NvLinkGBps / low.Value;
        return string.Create(CultureInfo.InvariantCulture,
            $"~{ratio:0}× slower than measured P2P ({NvLinkGBps:0.#} vs {low.Value:0.#} GB/s)");
    }

    public static string DisplayName(NcclTransport transport) => transport switch
    {
        NcclTransport.NvLink => "P2P over NVLink",
        NcclTransport.PcieP2p => "P2P over PCIe",
        NcclTransport.Shm => "SHM",
        NcclTransport.Rdma => "NET/IB (RDMA)",
        NcclTransport.Tcp => "NET/Socket",
        _ => "no transport",
    };
}
