using System.Globalization;
using ControlPlane.Tests.Shared;
using static ControlPlane.Diagnostics.Tests.Nccl.NcclFixtures;

namespace ControlPlane.Diagnostics.Tests.Nccl.Streaming;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapMeasuringCollection
{
    // Heap figures are process-wide: nothing else may allocate while they are taken.
    public const string Name = "heap measuring";
}

/// <summary>
/// Issue 12: a diagnosis reads far more text than it keeps. The readers here generate hundreds of MB
/// lazily, so any growth of the managed heap is what the diagnoser kept, not the input.
/// </summary>
[Collection(HeapMeasuringCollection.Name)]
public sealed class StreamingMemoryTests
{
    private const long TwoHundredMb = 200L * 1000 * 1000;
    private const long Allowed = 32L * 1024 * 1024;

    [Fact]
    public void Diagnosing_200_MB_of_real_lines_keeps_the_heap_far_below_the_text_size()
    {
        // The watchdog run's two rank sections, renumbered into 512 ranks, its SeqNum varied per repetition.
        var lines = FixtureFiles.Read(Watchdog).Split('\n');
        string Line(long i)
        {
            var repetition = i / lines.Length;
            var text = lines[i % lines.Length];
            if (text.StartsWith("---- rank ", StringComparison.Ordinal))
            {
                var rank = int.Parse(text["---- rank ".Length..], CultureInfo.InvariantCulture);
                return $"---- rank {(repetition * 2 + rank) % 512}";
            }

            return text.Replace("SeqNum=2", $"SeqNum={2 + repetition % 1000}", StringComparison.Ordinal);
        }

        var (diagnosis, reader, growth) = DiagnoseGenerated(Line, TwoHundredMb);

        Assert.Equal(TwoHundredMb, reader.Produced);
        Assert.True(reader.Samples >= 8, $"only {reader.Samples} heap samples");
        Assert.True(growth < Allowed, $"the heap grew by {growth / 1048576.0:F1} MiB while reading {TwoHundredMb / 1e6} MB of text");
        Assert.Equal(512, diagnosis.Ranks.Count);
        Assert.Equal(NcclTransport.NvLink, diagnosis.Transport);
        var timeouts = diagnosis.Findings.Where(f => f.Code == FindingCodes.WatchdogTimeout).ToList();
        Assert.InRange(timeouts.Count, 2, 256);
        Assert.All(timeouts, f => Assert.Equal("ALLREDUCE", f.Timeout!.Op));
    }

    [Fact]
    public void Distinct_process_prefixes_on_every_line_stop_growing_at_the_scan_budget()
    {
        // Every line a new host:pid (a writer gone wild, or junk shaped like NCCL): each would be a process.
        static string Line(long i) => string.Create(CultureInfo.InvariantCulture,
            $"node-{i}:{i % 1_000_000_000}:1 [0] NCCL INFO NCCL_FAKE_{i % 97} set by environment to {i}");

        var (diagnosis, _, growth) = DiagnoseGenerated(Line, TwoHundredMb);

        Assert.True(diagnosis.HasNcclLines);
        Assert.True(growth < 96L * 1024 * 1024, $"the heap grew by {growth / 1048576.0:F1} MiB");
    }

    [Fact]
    public void A_log_without_a_single_newline_costs_one_buffer()
    {
        var chunk = new string('x', 4096);

        var (diagnosis, reader, growth) = DiagnoseGenerated(_ => chunk, 50L * 1000 * 1000, newline: "");

        Assert.Equal(50L * 1000 * 1000, reader.Produced);
        Assert.False(diagnosis.HasNcclLines);
        Assert.True(growth < Allowed, $"the heap grew by {growth / 1048576.0:F1} MiB");
    }

    private static (NcclDiagnosis Diagnosis, GeneratedLogReader Reader, long Growth) DiagnoseGenerated(
        Func<long, string> line, long chars, string newline = "\n")
    {
        using var reader = new GeneratedLogReader(line, chars, chars / 10, newline);
        var before = GC.GetTotalMemory(forceFullCollection: true);

        var diagnosis = NcclLogDiagnoser.Diagnose([("generated.log", (TextReader)reader)]);

        return (diagnosis, reader, reader.PeakHeapBytes - before);
    }
}
