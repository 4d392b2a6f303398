using ControlPlane.Diagnostics.Nccl.Parsing;

namespace ControlPlane.Diagnostics.Nccl.Findings.EnvSettings;

/// <summary>
/// Every channel connection whose resolved transport is slower than the node's topology allows: same-node
/// ranks off P2P (SHM, or the network), cross-node ranks on TCP instead of RDMA, or RDMA without GPUDirect.
/// A loss is certain when the context or the log proves the faster path exists (NVLink, an opened or Active
/// RDMA device), possible otherwise.
/// </summary>
internal sealed class WireLosses
{
    private readonly Dictionary<WireLoss, Loss> losses = [];

    private WireLosses()
    {
    }

    public WireLoss Kinds { get; private set; }

    public bool IsCertain(WireLoss kind) => losses.TryGetValue(kind, out var loss) && loss.Certain;

    public IReadOnlyList<Evidence> EvidenceOf(WireLoss kind) =>
        losses.TryGetValue(kind, out var loss) ? FindingBuilder.Ordered(loss.Evidence) : [];

    public static WireLosses Of(JobView job)
    {
        var result = new WireLosses();
        var byRank = job.Ranks.ToDictionary(r => r.Rank!.Value);
        var rdmaPresent = job.Context?.HasActiveIbPorts == true
            || job.Facts.RdmaDevices.Count > 0
            || job.Ranks.Any(r => r.RdmaDeviceFound == true);
        foreach (var rank in job.Ranks)
        {
            foreach (var channel in rank.Channels)
            {
                var transport = job.TransportOf(channel);
                var remote = channel.Ranks.Ascending()
                    .Any(p => p != rank.Rank && !SameNode(job, rank, byRank.GetValueOrDefault(p)));
                var (kind, certain) = Classify(job, channel, transport, remote, rdmaPresent);
                if (kind != WireLoss.None)
                {
                    result.Add(kind, certain, rank, channel.First, transport);
                }
            }
        }

        return result;
    }

    /// <summary>"ranks 0, 1 share a node but connect over SHM instead of P2P (…)".</summary>
    public string Describe(WireLoss kind)
    {
        var loss = losses[kind];
        var who = FindingBuilder.List(loss.Ranks);
        var over = string.Join(" and ", loss.Transports.Order().Select(BandwidthTable.DisplayName));
        return kind switch
        {
            WireLoss.P2p => $"{who} share a node but connect over {over} instead of P2P "
                + $"(measured: SHM {BandwidthTable.ShmGBps:0} GB/s vs P2P over NVLink {BandwidthTable.NvLinkGBps:0} GB/s)",
            WireLoss.Local => $"{who} share a node but connect over the network ({over}) instead of P2P or SHM",
            WireLoss.Rdma => $"{who} cross nodes over {over} instead of NET/IB (RDMA)",
            _ => $"{who} cross nodes over NET/IB without GPUDirect RDMA (no GDRDMA in the path): data is staged through host memory",
        };
    }

    private static (WireLoss Kind, bool Certain) Classify(
        JobView job, ChannelUse channel, NcclTransport transport, bool remote, bool rdmaPresent)
    {
        if (!remote)
        {
            return transport switch
            {
                NcclTransport.Shm when job.Context?.GpusNvLinked != false => (WireLoss.P2p, job.Context?.GpusNvLinked == true),
                NcclTransport.Tcp or NcclTransport.Rdma => (WireLoss.Local, true),
                _ => (WireLoss.None, false),
            };
        }

        return transport switch
        {
            NcclTransport.Tcp => (WireLoss.Rdma, rdmaPresent),
            NcclTransport.Rdma when channel.Kind == ViaKind.NetRdma && channel.Via.Contains("NET/", StringComparison.Ordinal)
                && !channel.Via.Contains("GDRDMA", StringComparison.Ordinal) => (WireLoss.Gdr, false),
            _ => (WireLoss.None, false),
        };
    }

    /// <summary>Same node when the caller says so, else by hostname, else by NCCL's node count.</summary>
    private static bool SameNode(JobView job, ProcessState rank, ProcessState? peer)
    {
        if (job.Context?.RanksShareNode == true)
        {
            return true;
        }

        if (rank.Host is { } host && peer?.Host is { } peerHost)
        {
            return string.Equals(host, peerHost, StringComparison.Ordinal);
        }

        return rank.NNodes == 1 || (rank.NNodes is null && !job.MultiNode);
    }

    private void Add(WireLoss kind, bool certain, ProcessState rank, Evidence evidence, NcclTransport transport)
    {
        if (!losses.TryGetValue(kind, out var loss))
        {
            loss = new Loss();
            losses[kind] = loss;
            Kinds |= kind;
        }

        loss.Certain |= certain;
        loss.Ranks.Add(rank.Rank!.Value);
        loss.Evidence.Add(evidence);
        loss.Transports.Add(transport);
    }

    private sealed class Loss
    {
        public bool Certain { get; set; }
        public SortedSet<int> Ranks { get; } = [];
        public List<Evidence> Evidence { get; } = [];
        public SortedSet<NcclTransport> Transports { get; } = [];
    }
}
