using ControlPlane.Diagnostics.Nccl.Parsing;

namespace ControlPlane.Diagnostics.Nccl.Findings;

/// <summary>The scanned job as the rules see it: one merged state per rank, the facts and the context.</summary>
internal sealed class JobView
{
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
        Channels = Ranks.SelectMany(r => r.Channels)
            .Select(c => (Use: c, Transport: TransportResolver.Resolve(c.Kind, facts, Ranks, context)))
            .ToList();
        Transport = TransportResolver.Overall(Channels.Select(c => c.Transport));
    }

    public ScanFacts Facts { get; }
    public NodeContext? Context { get; }
    public IReadOnlyList<ProcessState> Ranks { get; }
    public IReadOnlyList<(ChannelUse Use, NcclTransport Transport)> Channels { get; }
    public NcclTransport Transport { get; }

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

    public bool SharesNode(ProcessState a, ProcessState b) =>
        Context?.RanksShareNode == true || (a.Host is not null && string.Equals(a.Host, b.Host, StringComparison.Ordinal));

    public IEnumerable<(ProcessState A, ProcessState B)> PairsOnOneNode()
    {
        for (var i = 0; i < Ranks.Count; i++)
        {
            for (var j = i + 1; j < Ranks.Count; j++)
            {
                if (SharesNode(Ranks[i], Ranks[j]))
                {
                    yield return (Ranks[i], Ranks[j]);
                }
            }
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
