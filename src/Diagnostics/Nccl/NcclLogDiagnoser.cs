using ControlPlane.Diagnostics.Nccl.Findings;
using ControlPlane.Diagnostics.Nccl.Findings.EnvSettings;
using ControlPlane.Diagnostics.Nccl.Parsing;

namespace ControlPlane.Diagnostics;

/// <summary>
/// Diagnoses the <c>NCCL_DEBUG=INFO</c> and ProcessGroupNCCL output of every rank of one job: which
/// transport NCCL chose, what each rank is, and what is wrong. Never throws on malformed input.
/// </summary>
public static class NcclLogDiagnoser
{
    /// <summary>Diagnoses one job's logs: one file with <c>---- rank N</c> sections, or one file per rank.</summary>
    public static NcclDiagnosis Diagnose(IReadOnlyList<LogSource> logs, NodeContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var scanner = new LogScanner(new ScanFacts());
        foreach (var log in logs)
        {
            scanner.BeginFile(log.Name);
            scanner.ScanText(log.Text);
        }

        return Conclude(scanner.Facts, context);
    }

    public static NcclDiagnosis Diagnose(LogSource log, NodeContext? context = null) => Diagnose([log], context);

    /// <summary>
    /// Streams logs: each reader is read to its end one buffer at a time and never held whole, so
    /// memory stays bounded by what the diagnosis keeps (per-rank facts, capped evidence), not by the
    /// logs' size. The caller owns (and disposes) the readers.
    /// </summary>
    public static NcclDiagnosis Diagnose(IEnumerable<(string Name, TextReader Reader)> logs, NodeContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(logs);
        var scanner = new LogScanner(new ScanFacts());
        foreach (var (name, reader) in logs)
        {
            scanner.BeginFile(name);
            scanner.ScanReader(reader);
        }

        return Conclude(scanner.Facts, context);
    }

    private static NcclDiagnosis Conclude(ScanFacts facts, NodeContext? context)
    {
        if (facts.NcclLines == 0)
        {
            return new NcclDiagnosis(false, NcclTransport.Unknown,
                BandwidthTable.For(NcclTransport.Unknown, null, null), [], [], []);
        }

        var job = new JobView(facts, context);
        var findings = IsolationRules.Evaluate(job)
            .Concat(EnvironmentRule.Evaluate(job))
            .Concat(TcpFallbackRule.Evaluate(job))
            .Concat(NoRdmaDeviceRule.Evaluate(job))
            .Concat(CudaFailureRule.Evaluate(job))
            .Concat(VersionMismatchRule.Evaluate(job))
            .Concat(WatchdogTimeoutRule.Evaluate(job))
            .Concat(MnnvlRule.Evaluate(job))
            .OrderByDescending(f => f.Severity)
            .ToList();

        return new NcclDiagnosis(
            true,
            job.Transport,
            BandwidthTable.For(job.Transport, facts.MeasuredBusBandwidthGBps, facts.MeasuredEvidence),
            job.Ranks.Select(r => RankInfoOf(r, job)).ToList(),
            SummarizeChannels(job),
            findings)
        {
            MultiNodeNvlink = MnnvlRule.Summary(job),
        };
    }

    private static RankInfo RankInfoOf(ProcessState r, JobView job) => new()
    {
        Rank = r.Rank ?? -1,
        Host = r.Host,
        Pid = r.Pid,
        NRanks = r.NRanks,
        CudaDev = r.CudaDev,
        NvmlDev = r.NvmlDev,
        BusId = r.BusId,
        CommId = r.CommId,
        NcclVersion = r.NcclVersion,
        CudaVersion = r.CudaVersion,
        CudaDriverVersion = r.CudaDriverVersion,
        NNodes = r.NNodes,
        LocalRanks = r.LocalRanks,
        LocalRank = r.LocalRank,
        NetPlugin = r.NetPlugin,
        Bootstrap = r.Bootstrap,
        RdmaDeviceFound = r.RdmaDeviceFound,
        Transports = r.Channels.Select(job.TransportOf).Distinct().ToList(),
        Environment = r.Environment.Values.ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal),
        LastEnqueuedWork = r.LastEnqueued,
        LastCompletedWork = r.LastCompleted,
        Files = [.. r.Files],
    };

    private static List<ChannelSummary> SummarizeChannels(JobView job) =>
        job.Channels
            .GroupBy(c => c.Use.Via, StringComparer.Ordinal)
            .Select(g => new ChannelSummary(
                g.First().Transport,
                g.Key,
                g.SelectMany(c => c.Use.Ranks.Ascending()).Distinct().Order().ToList(),
                g.Sum(c => c.Use.Count)))
            .ToList();
}
