using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace ControlPlane.Parsers.Bench;

/// <summary>
/// <c>nccl-log-memory [--mb 600]</c>: writes a synthetic NCCL log of that size to a temporary file (the real
/// captures' lines, repeated with every <c>---- rank N</c> section renumbered over 1,024 ranks and the
/// watchdog's SeqNum varied), runs the real <c>cp-agent inspect nccl-log FILE</c> on it in this process (the
/// agent's own entry point, so the same parser, file opening and JSON writing as the binary), deletes the
/// file and prints what the process needed. The baseline beside the peak is the file's size: reading the log
/// whole (what the verb did before) needed about 4.3 times that.
/// </summary>
internal static class NcclLogMemoryBench
{
    public const string Verb = "nccl-log-memory";

    private const int Ranks = 1024;
    private static readonly string[] Fixtures =
    [
        "nccl/h200x2-allreduce-default.log",
        "nccl/h200x2-allreduce-p2p-disabled.log",
        "nccl/h200x2-watchdog-timeout.log",
        "seeds/nccl-debug-2x5090-cuda-failure.log",
    ];

    public static int Run(string[] args)
    {
        var megabytes = args.Length >= 3 && args[1] == "--mb" ? int.Parse(args[2], CultureInfo.InvariantCulture) : 600;
        if (megabytes <= 0)
        {
            Console.Error.WriteLine("--mb takes a positive number of megabytes (10^6 bytes)");
            return 2;
        }

        var path = Path.Combine(Path.GetTempPath(), $"nccl-log-memory-{Environment.ProcessId}-{Guid.NewGuid():N}.log");
        try
        {
            var bytes = WriteLog(path, megabytes * 1_000_000L);
            return Measure(path, bytes);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static int Measure(string path, long bytes)
    {
        using var process = Process.GetCurrentProcess();
        GC.Collect();
        var peakBefore = process.PeakWorkingSet64;
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"// log {path}: {bytes / 1e6:F1} MB; before the run: peak working set {Mib(peakBefore):F1} MiB, GC heap {Mib(heapBefore):F1} MiB");

        using var sampler = new PeakSampler();
        var output = new StringWriter();
        var stdout = Console.Out;
        var watch = Stopwatch.StartNew();
        int exit;
        Console.SetOut(output);
        try
        {
            exit = RunAgent(["inspect", "nccl-log", path]);
        }
        finally
        {
            Console.SetOut(stdout);
        }

        watch.Stop();
        sampler.Stop();
        process.Refresh();
        var peak = process.PeakWorkingSet64;
        var gc = GC.GetGCMemoryInfo(GCKind.Any);
        var json = output.ToString();
        if (exit != 0 || !json.Contains("\"hasNcclLines\": true", StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"cp-agent inspect nccl-log exited {exit}: {json[..Math.Min(json.Length, 400)]}");
            return 1;
        }

        var mibPerSecond = Mib(bytes) / watch.Elapsed.TotalSeconds;
        Console.WriteLine($"// cp-agent inspect nccl-log: {watch.Elapsed.TotalSeconds:F2} s, JSON {json.Length:N0} chars, "
            + $"GC heap peak {Mib(sampler.PeakHeap):F1} MiB (last GC: heap {Mib(gc.HeapSizeBytes):F1} MiB, committed {Mib(gc.TotalCommittedBytes):F1} MiB), "
            + $"{GC.CollectionCount(0)} gen0 / {GC.CollectionCount(2)} gen2 collections");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT {Verb} bytes={bytes} peak_mib={Mib(peak):F1} mib_per_s={mibPerSecond:F1} file_mib={Mib(bytes):F1} "
            + $"gc_heap_peak_mib={Mib(sampler.PeakHeap):F1} peak_before_mib={Mib(peakBefore):F1}"));
        return 0;
    }

    /// <summary>The cp-agent executable's own entry point (Program.Main), as the binary runs it.</summary>
    private static int RunAgent(string[] args)
    {
        var agent = Assembly.Load(new AssemblyName("cp-agent"));
        var main = agent.EntryPoint ?? throw new InvalidOperationException("cp-agent has no entry point");
        return (int)main.Invoke(null, [args])!;
    }

    private static long WriteLog(string path, long targetBytes)
    {
        var root = FixtureRoot();
        var captures = Fixtures.Select(f => File.ReadAllLines(Path.Combine(root, f))).ToArray();
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
        long written = 0;
        var nextRank = 0;
        for (var repetition = 0; written < targetBytes; repetition++)
        {
            var seq = (2 + repetition % 1000).ToString(CultureInfo.InvariantCulture);
            foreach (var capture in captures)
            {
                foreach (var line in capture)
                {
                    var text = line.StartsWith("---- rank ", StringComparison.Ordinal)
                        ? "---- rank " + (nextRank++ % Ranks).ToString(CultureInfo.InvariantCulture)
                        : line.Replace("SeqNum=2", "SeqNum=" + seq, StringComparison.Ordinal);
                    writer.Write(text);
                    writer.Write('\n');
                    written += Encoding.UTF8.GetByteCount(text) + 1;
                }
            }
        }

        return written;
    }

    private static double Mib(long bytes) => bytes / 1048576.0;

    private static string FixtureRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("CONTROLPLANE_FIXTURES");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ControlPlane.sln")))
            {
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures"));
            }
        }

        throw new DirectoryNotFoundException("ControlPlane.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Samples the GC heap every few milliseconds while the run lasts: its peak, not the heap after it.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly Thread thread;
        private volatile bool stopping;

        public PeakSampler()
        {
            thread = new Thread(Sample) { IsBackground = true, Name = "heap sampler" };
            thread.Start();
        }

        public long PeakHeap { get; private set; }

        public void Stop()
        {
            stopping = true;
            thread.Join();
        }

        public void Dispose() => Stop();

        private void Sample()
        {
            while (!stopping)
            {
                PeakHeap = Math.Max(PeakHeap, GC.GetTotalMemory(forceFullCollection: false));
                Thread.Sleep(5);
            }
        }
    }
}
