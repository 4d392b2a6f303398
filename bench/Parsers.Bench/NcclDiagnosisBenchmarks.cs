using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using ControlPlane.Diagnostics;

namespace ControlPlane.Parsers.Bench;

/// <summary>
/// Throughput of <see cref="NcclLogDiagnoser"/> on a ~100,000-line multi-rank log made of the real
/// NCCL captures, each repetition's <c>---- rank N</c> sections renumbered so every one is a new rank.
/// The MB/s column is the log's UTF-8 size divided by the mean time.
/// dotnet run -c Release --project bench/Parsers.Bench -- --filter '*Nccl*' --job short
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class NcclDiagnosisBenchmarks
{
    private const int TargetLines = 100_000;

    private static readonly string[] Fixtures =
    [
        "nccl/h200x2-allreduce-default.log",
        "nccl/h200x2-allreduce-p2p-disabled.log",
        "nccl/h200x2-watchdog-timeout.log",
        "seeds/nccl-debug-2x5090-cuda-failure.log",
    ];

    private static readonly Lazy<string> Log = new(BuildLog);

    private LogSource source = null!;

    public static int LogBytes => Encoding.UTF8.GetByteCount(Log.Value);

    [GlobalSetup]
    public void Setup()
    {
        source = new LogSource("multi-rank.log", Log.Value);
        Console.WriteLine($"// NCCL benchmark log: {Log.Value.AsSpan().Count('\n'):N0} lines, {LogBytes / 1e6:F2} MB");
    }

    [Benchmark(Baseline = true)]
    public NcclDiagnosis Diagnose_text() => NcclLogDiagnoser.Diagnose([source]);

    [Benchmark]
    public NcclDiagnosis Diagnose_streamed_reader()
    {
        using var reader = new StringReader(source.Text);
        return NcclLogDiagnoser.Diagnose([(source.Name, (TextReader)reader)]);
    }

    private static string BuildLog()
    {
        var root = FixtureRoot();
        var captures = Fixtures.Select(f => File.ReadAllText(Path.Combine(root, f))).ToArray();
        var log = new StringBuilder();
        var lines = 0;
        var nextRank = 0;
        while (lines < TargetLines)
        {
            foreach (var capture in captures)
            {
                foreach (var line in capture.Split('\n'))
                {
                    if (line.StartsWith("---- rank ", StringComparison.Ordinal))
                    {
                        log.Append("---- rank ").Append(nextRank++).Append('\n');
                    }
                    else
                    {
                        log.Append(line).Append('\n');
                    }

                    lines++;
                }
            }
        }

        return log.ToString();
    }

    private static string FixtureRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ControlPlane.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures"));
            }
        }

        throw new DirectoryNotFoundException("ControlPlane.sln not found above " + AppContext.BaseDirectory);
    }

    private sealed class ThroughputConfig : ManualConfig
    {
        public ThroughputConfig()
        {
            AddColumn(new MegabytesPerSecondColumn());

            // The project's AssemblyName (ControlPlane.Parsers.Bench) differs from its file name, which
            // the out-of-process toolchain cannot locate; run every job (--job short included) in-process.
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).AsMutator());
        }
    }

    /// <summary>Log bytes / mean time, in MB/s (10^6 bytes).</summary>
    private sealed class MegabytesPerSecondColumn : IColumn
    {
        public string Id => nameof(MegabytesPerSecondColumn);
        public string ColumnName => "MB/s";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => "Log size in MB (10^6 bytes) divided by the mean time";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
            if (mean is not > 0)
            {
                return "NA";
            }

            var mbPerSecond = LogBytes / 1e6 / (mean.Value / 1e9);
            Console.WriteLine($"// {benchmarkCase.Descriptor.WorkloadMethod.Name}: {mbPerSecond:F1} MB/s");
            return mbPerSecond.ToString("F1", CultureInfo.InvariantCulture);
        }

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public bool IsAvailable(Summary summary) => true;
    }
}
