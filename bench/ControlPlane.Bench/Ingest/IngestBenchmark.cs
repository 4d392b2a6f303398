using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using ControlPlane.Simulation;
using ControlPlane.Web.Hosting;
using ControlPlane.Web.Ingestion;
using ControlPlane.Web.Apis;
using ControlPlane.Wire.Probes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ControlPlane.Bench.Hosting;

namespace ControlPlane.Bench.Ingest;

/// <summary>
/// Drives N simulated nodes through the real HTTP ingestion path (Kestrel, bearer agent tokens,
/// JSON, validation, node grains) of an embedded control plane on 127.0.0.1. The load generator is a
/// second process (<see cref="IngestDriver"/>), so allocation and GC figures are the server's own.
/// Phases: registration, a steady run (same facts, only the sequence grows), a changing run (new
/// temperatures on every report, an XID on one in ten), and the baseline: the same client and
/// concurrency against the bare health endpoint.
/// </summary>
public static class IngestBenchmark
{
    private const string AdminKey = "bench-admin-key-0123456789abcdef";

    public static async Task<int> RunAsync(BenchArgs args)
    {
        if (Environment.GetEnvironmentVariable(IngestDriver.UrlVariable) is { Length: > 0 } drive)
        {
            return await IngestDriver.RunAsync(new Uri(drive), AdminKey, args);
        }

        await MeasureAsync(args.Int("nodes", 10_000), args.Int("rounds", 3), args.Int("concurrency", 64));
        return 0;
    }

    /// <summary>The steady phase's figures (the load generator reports percentiles only: no latency list for charts).</summary>
    public static async Task<IngestResult> MeasureAsync(int nodes, int rounds, int concurrency)
    {
        Console.WriteLine($"ingest: {nodes} nodes, {rounds} measured rounds steady and {rounds} changing, {concurrency} concurrent requests from a second process, 127.0.0.1 only");

        await using var app = ControlPlaneApp.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--CONTROLPLANE_ADMIN_KEY={AdminKey}",
            "--ControlPlane:Simulator:Enabled=false",
            $"--ControlPlane:Silo:Port={BenchControlPlane.FreePort()}",
            $"--ControlPlane:Silo:GatewayPort={BenchControlPlane.FreePort()}",
        ], builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var heapBaseline = SettledHeap();
        var (stats, windows, bytesPerNode) = await DriveAsync(address, nodes, rounds, concurrency, heapBaseline);
        var (register, steady, changing, floor) = (stats["register"], stats["steady"], stats["changing"], stats["healthz"]);
        var (steadyGc, changingGc) = (windows["steady"], windows["changing"]);

        Console.WriteLine($"registration: {register.PerSecond:F0} new nodes/s (first report: activates node, GPU and NIC grains), p99 {register.P99:F2} ms, {windows["register"].KiBPer(register.Count):F1} KiB allocated per report");
        Console.WriteLine($"steady: {steadyGc}; {steadyGc.KiBPer(steady.Count):F1} KiB allocated per report by the server");
        Console.WriteLine($"changing: {changingGc}; {changingGc.KiBPer(changing.Count):F1} KiB allocated per report by the server");

        var samples = IngestPayloads.Steady(new SimulatedFleet(Math.Min(nodes, 1000)));
        var bodies = samples.Select(p => p.WithSequence(7)).ToArray();
        var parse = Measure(bodies, b => JsonSerializer.Deserialize<ProbeReport>(b, ApiJson.Options));
        var previous = bodies.Select(b => ProbeBodyReader.TryRead(new ReadOnlySequence<byte>(b), null)!).ToArray();
        var steadyBodies = samples.Select((p, i) => (Body: new ReadOnlySequence<byte>(p.WithSequence(8)), Previous: previous[i])).ToArray();
        var read = Measure(steadyBodies, b => ProbeBodyReader.TryRead(b.Body, b.Previous));
        var now = DateTimeOffset.UtcNow;
        var validate = Measure(bodies.Select(b => JsonSerializer.Deserialize<ProbeReport>(b, ApiJson.Options)!).ToArray(), r => ProbeReportValidator.Validate(r, r.Node, now));
        var direct = await DirectIngestAsync(app.Services.GetRequiredService<ProbeIngestion>(), samples, sequence: 1L << 40, concurrency);
        Console.WriteLine($"payload: {samples.Average(p => p.Before.Length + p.After.Length + 1):F0} bytes per report on average");
        Console.WriteLine($"breakdown: JSON parse alone {parse.PerSecond:F0} reports/s on one core ({parse.KiB:F1} KiB each); "
            + $"the ingestion reader against the previous report {read.PerSecond:F0} reports/s ({read.KiB:F1} KiB); validation alone {validate.PerSecond:F0} reports/s ({validate.KiB:F1} KiB); "
            + $"ingestion without HTTP (validation + node grain, already parsed) {direct.PerSecond:F0} reports/s ({direct.KiB:F1} KiB)");
        Console.WriteLine($"steady ingestion: {steady.PerSecond:F0} reports/s, p50 {steady.P50:F2} ms, p99 {steady.P99:F2} ms");
        Console.WriteLine($"changing ingestion: {changing.PerSecond:F0} reports/s, p50 {changing.P50:F2} ms, p99 {changing.P99:F2} ms");
        Console.WriteLine($"baseline (GET /healthz, same client): {floor.PerSecond:F0} requests/s, {windows["healthz"].KiBPer(floor.Count):F1} KiB allocated per request by the server; "
            + $"steady ingestion runs at {steady.PerSecond / floor.PerSecond:P0} of the bare HTTP floor");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT ingest-changing nodes={nodes} reports_per_s={changing.PerSecond:F0} p50_ms={changing.P50:F2} p99_ms={changing.P99:F2} kib_per_report={changingGc.KiBPer(changing.Count):F1} gc_pause_pct={changingGc.PausedPercent:F1} cpu_busy_pct={changingGc.CpuBusyPercent:F0} xid_one_in={IngestPayloads.XidOneIn}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT ingest nodes={nodes} reports_per_s={steady.PerSecond:F0} p50_ms={steady.P50:F2} p99_ms={steady.P99:F2} bytes_per_node={bytesPerNode} healthz_per_s={floor.PerSecond:F0} "
            + $"kib_per_report={steadyGc.KiBPer(steady.Count):F1} gc_pause_pct={steadyGc.PausedPercent:F1} register_per_s={register.PerSecond:F0} cpu_busy_pct={steadyGc.CpuBusyPercent:F0} concurrency={concurrency}"));
        await app.StopAsync();
        return new IngestResult(
            nodes, steady.PerSecond, steady.P50, steady.P99, bytesPerNode, floor.PerSecond,
            steadyGc.KiBPer(steady.Count), register.PerSecond, changing.P99, changingGc.KiBPer(changing.Count), []);
    }

    /// <summary>Runs the load generator and measures this process while it works, phase by phase.</summary>
    private static async Task<(Dictionary<string, IngestProtocol.PhaseStat> Stats, Dictionary<string, ServerGcWindow.Closed> Windows, long BytesPerNode)> DriveAsync(
        string address, int nodes, int rounds, int concurrency, long heapBaseline)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var arg in (string[])["ingest", "--nodes", $"{nodes}", "--rounds", $"{rounds}", "--concurrency", $"{concurrency}"])
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[IngestDriver.UrlVariable] = address;
        using var driver = Process.Start(start)!;
        var stats = new Dictionary<string, IngestProtocol.PhaseStat>(StringComparer.Ordinal);
        var windows = new Dictionary<string, ServerGcWindow.Closed>(StringComparer.Ordinal);
        (string Name, ServerGcWindow Window)? open = null;
        var bytesPerNode = 0L;
        while (await driver.StandardOutput.ReadLineAsync() is { } line)
        {
            var fields = line.Split(' ');
            switch (fields[0])
            {
                case "PHASE":
                    if (open is { } phase)
                    {
                        windows[phase.Name] = phase.Window.Close();
                    }

                    if (fields[1] == "registered")
                    {
                        await Task.Delay(TimeSpan.FromSeconds(3));
                        bytesPerNode = (SettledHeap() - heapBaseline) / nodes;
                        Console.WriteLine($"managed heap: {heapBaseline / 1048576.0:F1} MiB empty, {(heapBaseline + (bytesPerNode * nodes)) / 1048576.0:F1} MiB with {nodes} nodes: {bytesPerNode} bytes/node");
                        await driver.StandardInput.WriteLineAsync("go");
                        await driver.StandardInput.FlushAsync();
                    }

                    open = (fields[1], new ServerGcWindow());
                    break;
                case "STAT":
                    stats[fields[1]] = IngestProtocol.PhaseStat.Parse(fields);
                    break;
                case "INFO":
                    Console.WriteLine(line[5..]);
                    break;
                default:
                    Console.WriteLine(line);
                    break;
            }
        }

        await driver.WaitForExitAsync();
        return driver.ExitCode == 0 && stats.Count == 4
            ? (stats, windows, bytesPerNode)
            : throw new InvalidOperationException($"the load generator exited with {driver.ExitCode}");
    }

    /// <summary>The best of three passes on one thread, and what one item allocated.</summary>
    private static (double PerSecond, double KiB) Measure<T>(T[] items, Action<T> each)
    {
        var best = 0.0;
        var allocated = 0L;
        for (var pass = 0; pass < 3; pass++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            foreach (var item in items)
            {
                each(item);
            }

            best = Math.Max(best, items.Length / clock.Elapsed.TotalSeconds);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        return (best, allocated / 1024.0 / items.Length);
    }

    private static async Task<(double PerSecond, double KiB)> DirectIngestAsync(ProbeIngestion ingestion, IngestPayload[] samples, long sequence, int concurrency)
    {
        var digits = Encoding.ASCII.GetBytes(sequence.ToString(CultureInfo.InvariantCulture));
        var reports = samples.Select(p => JsonSerializer.Deserialize<ProbeReport>((byte[])[.. p.Before, .. digits, .. p.After], ApiJson.Options)!).ToArray();
        var window = new ServerGcWindow();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(reports, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (r, _) => await ingestion.IngestAsync(r.Node, r));
        var took = clock.Elapsed;

        return (reports.Length / took.TotalSeconds, window.Close().KiBPer(reports.Length));
    }

    private static long SettledHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

}
