using ControlPlane.Diagnostics.Nccl.Findings.EnvSettings;
using ControlPlane.Diagnostics.Nccl.Parsing;

namespace ControlPlane.Diagnostics.Nccl.Findings;

/// <summary>The scanned job as the rules see it: one merged state per rank, the facts and the context.</summary>
internal sealed class JobView
{
    private WireLosses? losses;

    public JobView(ScanFacts facts, NodeContext? context)
    {
        Facts = facts;
        Context = context;
        foreach (var p in facts.Processes)
        {
            if (p.Rank is null && p.Pid is { } pid && facts.PidRanks.TryGetValue(pid, out var rank))
            {
                p.Rank = rank;
            }
        }

        Ranks = facts.Processes
            .Where(p => p.Rank is not null)
            .GroupBy(p => p.Rank!.Value)
            .OrderBy(g => g.Key)
            .Select(Merge)
            .ToList();
        P2pTransport = TransportResolver.P2pPath(facts, Ranks, context);
        Channels = Ranks.SelectMany(r => r.Channels)
            .Select(c => (Use: c, Transport: TransportOf(c)))
            .ToList();
        Transport = TransportResolver.Overall(Channels.Select(c => c.Transport));
    }

    public ScanFacts Facts { get; }
    public NodeContext? Context { get; }
    public IReadOnlyList<ProcessState> Ranks { get; }
    public IReadOnlyList<(ChannelUse Use, NcclTransport Transport)> Channels { get; }
    public NcclTransport Transport { get; }

    /// <summary>The connections slower than the topology allows.</summary>
    public WireLosses Losses => losses ??= WireLosses.Of(this);

    /// <summary>What this job's P2P channels ride: NVLink or PCIe.</summary>
    public NcclTransport P2pTransport { get; }

    public NcclTransport TransportOf(ChannelUse channel) => TransportResolver.Resolve(channel.Kind, P2pTransport);

    /// <summary>Ranks grouped by the node they run on (one group when the caller says they share one).</summary>
    public IEnumerable<List<ProcessState>> NodeGroups() =>
        Context?.RanksShareNode == true
            ? [Ranks.ToList()]
            : Ranks.Where(r => r.Host is not null).GroupBy(r => r.Host!, StringComparer.Ordinal).Select(g => g.ToList());

    /// <summary>
    /// Ranks span several nodes: their hostnames differ, or (hostnames unknown) NCCL counted several.
    /// One hostname wins over NCCL's count, which is exactly what isolated containers get wrong.
    /// </summary>
    public bool MultiNode
    {
        get
        {
            if (Context?.RanksShareNode == true)
            {
                return false;
            }

            var hosts = Ranks.Select(r => r.Host).ToList();
            if (hosts.Count > 0 && hosts.All(h => h is not null))
            {
                return hosts.Distinct(StringComparer.Ordinal).Count() > 1;
            }

            return Ranks.Any(r => r.NNodes > 1) || hosts.OfType<string>().Distinct(StringComparer.Ordinal).Count() > 1;
        }
    }

    /// <summary>"NVLink NV18 available, running NET/Socket: ~78× slower than measured P2P (296 vs 3.8 GB/s)".</summary>
    public string? NvLinkLoss()
    {
        if (Context?.GpusNvLinked != true)
        {
            return null;
        }

        var links = Context.NvLinkCount is { } n ? $"NVLink NV{n}" : "NVLink";
        var slowdown = BandwidthTable.SlowdownVersusNvLink(Transport);
        return slowdown is null
            ? $"{links} available, running {BandwidthTable.DisplayName(Transport)}."
            : $"{links} available, running {BandwidthTable.DisplayName(Transport)}: {slowdown}.";
    }

    private static ProcessState Merge(IGrouping<int, ProcessState> group)
    {
        var merged = new ProcessState { Rank = group.Key };
        foreach (var p in group)
        {
            merged.File ??= p.File;
            merged.MergeFrom(p);
        }

        return merged;
    }
}
