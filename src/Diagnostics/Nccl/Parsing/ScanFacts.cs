namespace ControlPlane.Diagnostics.Nccl.Parsing;

/// <summary>
/// Facts collected over all logs of one job; processes are resolved to ranks afterwards. Everything
/// here is bounded: per-process facts, capped lists and name sets, all charged to <see cref="Budget"/>,
/// so a log of any size is read in constant memory.
/// </summary>
internal sealed class ScanFacts
{
    // Bounds on lists whose every entry is looked at again per matching line (deduplication).
    private const int MaxWatchdogs = 256;
    private const int MaxCudaFailures = 1024;
    private const int MaxComputeCapabilityLines = 16;
    private const int MaxNames = 64;
    private const int MaxPidRanks = 65_536;
    private const long ProcessCost = 1024;

    public ScanFacts(ScanBudget? budget = null) => Budget = budget ?? new ScanBudget();

    public ScanBudget Budget { get; }

    public List<ProcessState> Processes { get; } = [];
    public List<CudaFailureFact> CudaFailures { get; } = [];
    public List<WatchdogFact> Watchdogs { get; } = [];

    /// <summary>Lines saying the build does not support the GPU's compute capability.</summary>
    public List<Evidence> ComputeCapability { get; } = [];

    /// <summary>pid → rank learned from launcher lines such as <c>(VllmWorker rank=1 pid=200)</c>.</summary>
    public Dictionary<int, int> PidRanks { get; } = [];

    /// <summary>Network interfaces NCCL named (<c>Bootstrap: Using eth0:…</c>, <c>NET/Socket : Using [0]eth0:…</c>, <c>OOB eth0:…</c>).</summary>
    public HashSet<string> Interfaces { get; } = new(StringComparer.Ordinal);

    /// <summary>RDMA devices NCCL opened (<c>NET/IB : Using [0]mlx5_0:1/IB</c>).</summary>
    public HashSet<string> RdmaDevices { get; } = new(StringComparer.Ordinal);

    /// <summary><c>NET/Socket : No usable listening interface found</c> or <c>no socket interface found</c>.</summary>
    public Evidence? NoSocketInterfaceEvidence { get; set; }

    /// <summary>The first <c>NCCL TRACE</c> line: NCCL_DEBUG=TRACE was in force.</summary>
    public Evidence? TraceEvidence { get; set; }
    public long TraceLines { get; set; }

    public long NcclLines { get; set; }
    public double? MeasuredBusBandwidthGBps { get; set; }
    public Evidence? MeasuredEvidence { get; set; }

    private readonly Dictionary<int, List<ProcessState>> byPid = [];
    private readonly Dictionary<(string File, int Rank), ProcessState> byRank = [];
    private readonly HashSet<(ProcessState? Process, int? Code, string Text)> cudaFailureKeys = [];

    /// <summary>The process of an NCCL line prefix, or null when no more processes can be afforded.</summary>
    public ProcessState? FindOrAdd(ReadOnlySpan<char> host, int pid)
    {
        if (byPid.TryGetValue(pid, out var samePid))
        {
            foreach (var p in samePid)
            {
                if (p.Matches(host, pid))
                {
                    return p;
                }
            }
        }

        if (!Budget.TryTake(ProcessCost + ScanBudget.StringCost(host.Length)))
        {
            return null;
        }

        if (samePid is null)
        {
            samePid = [];
            byPid[pid] = samePid;
        }

        var added = new ProcessState { Host = host.ToString(), Pid = pid };
        samePid.Add(added);
        Processes.Add(added);
        return added;
    }

    /// <summary>The process of a <c>---- rank N</c> section, or of a <c>[rankN]</c> torch line outside one.</summary>
    public ProcessState? FindOrAddRank(string file, int rank)
    {
        if (byRank.TryGetValue((file, rank), out var known))
        {
            return known;
        }

        if (!Budget.TryTake(ProcessCost))
        {
            return null;
        }

        var added = new ProcessState { SectionFile = file, Rank = rank };
        byRank[(file, rank)] = added;
        Processes.Add(added);
        return added;
    }

    public void AddPidRank(int pid, int rank)
    {
        if (PidRanks.Count < MaxPidRanks && !PidRanks.ContainsKey(pid) && Budget.TryTake(32))
        {
            PidRanks[pid] = rank;
        }
    }

    /// <summary>One failure per process and error: a failure repeated a million times is one fact.</summary>
    public void AddCudaFailure(ProcessState? process, int? code, ReadOnlySpan<char> text, LineContext line)
    {
        var clipped = ScanBudget.Clip(text).ToString();
        if (CudaFailures.Count >= MaxCudaFailures || cudaFailureKeys.Contains((process, code, clipped))
            || !Budget.TryTake(96 + ScanBudget.StringCost(clipped.Length)) || line.Keep() is not { } evidence)
        {
            return;
        }

        cudaFailureKeys.Add((process, code, clipped));
        CudaFailures.Add(new CudaFailureFact(process, code, clipped, evidence));
    }

    public void AddWatchdog(ProcessState? process, ReadOnlySpan<char> op, long seq, long timeoutMs, long? ranForMs, LineContext line)
    {
        if (Watchdogs.Count >= MaxWatchdogs)
        {
            return;
        }

        foreach (var seen in Watchdogs)
        {
            if (seen.Process == process && seen.SeqNum == seq && op.SequenceEqual(seen.Op))
            {
                return;
            }
        }

        if (line.Keep() is { } evidence)
        {
            var name = op.IsEmpty ? "UNKNOWN" : ScanBudget.Clip(op).ToString();
            Watchdogs.Add(new WatchdogFact(process, name, seq, timeoutMs, ranForMs, evidence));
        }
    }

    public void AddComputeCapability(LineContext line)
    {
        if (ComputeCapability.Count < MaxComputeCapabilityLines && line.Keep() is { } evidence)
        {
            ComputeCapability.Add(evidence);
        }
    }

    public void AddInterface(ReadOnlySpan<char> name) => AddName(Interfaces, name);

    public void AddRdmaDevice(ReadOnlySpan<char> name) => AddName(RdmaDevices, name);

    private void AddName(HashSet<string> names, ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > ScanBudget.MaxTokenChars || names.Count >= MaxNames)
        {
            return;
        }

        var lookup = names.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.Contains(name) && Budget.TryTake(64 + ScanBudget.StringCost(name.Length)))
        {
            names.Add(name.ToString());
        }
    }
}

internal sealed record CudaFailureFact(ProcessState? Process, int? Code, string Text, Evidence Evidence);

internal sealed record WatchdogFact(
    ProcessState? Process, string Op, long SeqNum, long TimeoutMs, long? RanForMs, Evidence Evidence);
