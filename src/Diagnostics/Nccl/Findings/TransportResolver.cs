using ControlPlane.Diagnostics.Nccl.Parsing;

namespace ControlPlane.Diagnostics.Nccl.Findings;

/// <summary>Turns <c>via ...</c> families into transports and picks the one that describes the job.</summary>
internal static class TransportResolver
{
    // NCCL opens 2-4 channels over PCIe and 16-32 over NVLink; a bus bandwidth above what PCIe Gen5
    // can carry is NVLink too. Used only when the caller did not say whether the GPUs are NVLinked.
    private const int NvLinkChannelThreshold = 8;
    private const double PcieCeilingGBps = 60;

    public static NcclTransport Resolve(ViaKind kind, NcclTransport p2p) => kind switch
    {
        ViaKind.P2p => p2p,
        ViaKind.Nvls or ViaKind.Mnnvl => NcclTransport.NvLink,
        ViaKind.Shm => NcclTransport.Shm,
        ViaKind.NetRdma => NcclTransport.Rdma,
        ViaKind.NetSocket => NcclTransport.Tcp,
        _ => NcclTransport.Unknown,
    };

    /// <summary>The farthest hop the job uses: a job with any TCP channel is a TCP job.</summary>
    public static NcclTransport Overall(IEnumerable<NcclTransport> used)
    {
        var best = NcclTransport.Unknown;
        foreach (var t in used)
        {
            if (t != NcclTransport.Unknown && (best == NcclTransport.Unknown || Locality(t) < Locality(best)))
            {
                best = t;
            }
        }

        return best;
    }

    private static int Locality(NcclTransport t) => t switch
    {
        NcclTransport.Tcp => 0,
        NcclTransport.Rdma => 1,
        NcclTransport.Shm => 2,
        NcclTransport.PcieP2p => 3,
        _ => 4,
    };

    /// <summary>Whether this job's P2P channels ride NVLink or PCIe.</summary>
    public static NcclTransport P2pPath(ScanFacts facts, IReadOnlyList<ProcessState> ranks, NodeContext? context)
    {
        if (context?.GpusNvLinked is { } nvLinked)
        {
            return nvLinked ? NcclTransport.NvLink : NcclTransport.PcieP2p;
        }

        if (facts.MeasuredBusBandwidthGBps is { } measured)
        {
            return measured > PcieCeilingGBps ? NcclTransport.NvLink : NcclTransport.PcieP2p;
        }

        var channels = ranks.Max(r => r.CollChannels);
        return channels > NvLinkChannelThreshold ? NcclTransport.NvLink : NcclTransport.PcieP2p;
    }
}
