namespace ControlPlane.Diagnostics.Nccl.Parsing;

/// <summary>Facts collected over all logs of one job; processes are resolved to ranks afterwards.</summary>
internal sealed class ScanFacts
{
    public List<ProcessState> Processes { get; } = [];
    public List<CudaFailureFact> CudaFailures { get; } = [];
    public List<WatchdogFact> Watchdogs { get; } = [];

    /// <summary>Lines saying the build does not support the GPU's compute capability.</summary>
    public List<Evidence> ComputeCapability { get; } = [];

    /// <summary>pid → rank learned from launcher lines such as <c>(VllmWorker rank=1 pid=200)</c>.</summary>
    public Dictionary<int, int> PidRanks { get; } = [];
    public int NcclLines { get; set; }
    public double? MeasuredBusBandwidthGBps { get; set; }
    public Evidence? MeasuredEvidence { get; set; }

    public ProcessState FindOrAdd(ReadOnlySpan<char> host, int pid)
    {
        foreach (var p in Processes)
        {
            if (p.Matches(host, pid))
            {
                return p;
            }
        }

        var added = new ProcessState { Host = host.ToString(), Pid = pid };
        Processes.Add(added);
        return added;
    }

    /// <summary>The process of a <c>---- rank N</c> section, or of a <c>[rankN]</c> torch line outside one.</summary>
    public ProcessState FindOrAddRank(string file, int rank)
    {
        foreach (var p in Processes)
        {
            if (p.SectionFile == file && p.Rank == rank)
            {
                return p;
            }
        }

        var added = new ProcessState { SectionFile = file, Rank = rank };
        Processes.Add(added);
        return added;
    }
}

internal sealed record CudaFailureFact(ProcessState? Process, int? Code, string Text, Evidence Evidence);

internal sealed record WatchdogFact(
    ProcessState? Process, string Op, long SeqNum, long TimeoutMs, long? RanForMs, Evidence Evidence);
