using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ControlPlane.Simulation;
using ControlPlane.Web.Apis;
using ControlPlane.Web.Hosting;
using ControlPlane.Web.Ingestion;
using ControlPlane.Web.Json;
using ControlPlane.Wire.Probes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Bench.Ingest;

/// <summary>
/// Drives N simulated nodes through the real HTTP ingestion path (Kestrel, bearer agent tokens,
/// JSON, validation, node grains) of an embedded control plane on 127.0.0.1, in the same process.
/// Baseline in the same run: the same client and concurrency against the bare health endpoint.
/// </summary>
public static class IngestBenchmark
{
    private const string AdminKey = "bench-admin-key-0123456789abcdef";

    public static async Task<int> RunAsync(BenchArgs args)
    {
        await MeasureAsync(args.Int("nodes", 10_000), args.Int("rounds", 3), args.Int("concurrency", 64));
        return 0;
    }

    public static async Task<IngestResult> MeasureAsync(int nodes, int rounds, int concurrency)
    {
        Console.WriteLine($"ingest: {nodes} nodes, {rounds} measured rounds, {concurrency} concurrent requests, 127.0.0.1 only");
        var payloads = BuildPayloads(new SimulatedFleet(nodes));

        await using var app = ControlPlaneApp.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--CONTROLPLANE_ADMIN_KEY={AdminKey}",
            "--ControlPlane:Simulator:Enabled=false",
            $"--ControlPlane:Silo:Port={FreePort()}",
            $"--ControlPlane:Silo:GatewayPort={FreePort()}",
        ], builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };

        var heapBaseline = SettledHeap();
        var tokens = await IssueTokensAsync(http, payloads, concurrency);
        var registration = await SendRoundAsync(http, payloads, tokens, sequence: 1, concurrency);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var heapLoaded = SettledHeap();
        var bytesPerNode = (heapLoaded - heapBaseline) / nodes;
        Console.WriteLine($"registration: {registration.PerSecond:F0} reports/s (first report: activates node, GPU and NIC grains)");
        Console.WriteLine($"managed heap: {heapBaseline / 1048576.0:F1} MiB empty, {heapLoaded / 1048576.0:F1} MiB with {nodes} nodes: {bytesPerNode} bytes/node");

        // One steady round unmeasured: the steady path (no fan-out, no writes) is not the registration path, and tiered JIT needs it warm.
        var warm = await SendRoundAsync(http, payloads, tokens, sequence: 2, concurrency);
        Console.WriteLine($"warm-up round: {warm.PerSecond:F0} reports/s (not measured)");
        var all = new Latencies(nodes * rounds);
        var (gen0, gen1, gen2, paused) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
        var allocated = GC.GetTotalAllocatedBytes();
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            var result = await SendRoundAsync(http, payloads, tokens, sequence: 3 + round, concurrency, all);
            Console.WriteLine($"round {round + 1}: {result.PerSecond:F0} reports/s");
        }

        var perSecond = all.Count / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"GC during the measured rounds: gen0 {GC.CollectionCount(0) - gen0}, gen1 {GC.CollectionCount(1) - gen1}, gen2 {GC.CollectionCount(2) - gen2}, "
            + $"paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:F0} ms of {clock.Elapsed.TotalMilliseconds:F0} ms, "
            + $"{(GC.GetTotalAllocatedBytes() - allocated) / all.Count / 1024.0:F0} KiB allocated per report (client and server)");
        var floor = await HealthzFloorAsync(http, nodes * rounds, concurrency);
        var parse = ParseRate(payloads);
        var direct = await DirectIngestRateAsync(app.Services.GetRequiredService<ProbeIngestion>(), payloads, sequence: 3 + rounds, concurrency);
        var validate = ValidateRate(payloads);
        Console.WriteLine($"breakdown: JSON parse alone {parse:F0} reports/s on one core; validation alone {validate:F0} reports/s on one core; ingestion without HTTP (validation + node grain) {direct:F0} reports/s");
        Console.WriteLine($"steady ingestion: {perSecond:F0} reports/s, p50 {all.Percentile(50):F2} ms, p99 {all.Percentile(99):F2} ms");
        Console.WriteLine($"baseline (GET /healthz, same client): {floor:F0} requests/s; ingestion runs at {perSecond / floor:P0} of the bare HTTP floor");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT ingest nodes={nodes} reports_per_s={perSecond:F0} p50_ms={all.Percentile(50):F2} p99_ms={all.Percentile(99):F2} bytes_per_node={bytesPerNode} healthz_per_s={floor:F0}"));
        await app.StopAsync();
        return new IngestResult(nodes, perSecond, all.Percentile(50), all.Percentile(99), bytesPerNode, floor, all.Sorted());
    }

    /// <summary>Each node's report as UTF-8 JSON, split around its sequence number.</summary>
    private static (string Node, byte[] Before, byte[] After)[] BuildPayloads(SimulatedFleet fleet)
    {
        var random = new Random(42);
        var now = DateTimeOffset.UtcNow;
        return fleet.Nodes.Select(n =>
        {
            var json = JsonSerializer.Serialize(n.NextReport(now, random) with { Sequence = 0 }, ApiJson.Options);
            var at = json.IndexOf("\"sequence\":0", StringComparison.Ordinal) + "\"sequence\":".Length;
            return (n.Name, Encoding.UTF8.GetBytes(json[..at]), Encoding.UTF8.GetBytes(json[(at + 1)..]));
        }).ToArray();
    }

    private static async Task<string[]> IssueTokensAsync(HttpClient http, (string Node, byte[] Before, byte[] After)[] payloads, int concurrency)
    {
        var tokens = new string[payloads.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, payloads.Length), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/nodes/{payloads[i].Node}/token");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
            using var response = await http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
            tokens[i] = (await response.Content.ReadFromJsonAsync<IssuedToken>(ApiJson.Options, ct))!.Token;
        });
        return tokens;
    }

    private static async Task<(double PerSecond, int Failures)> SendRoundAsync(
        HttpClient http, (string Node, byte[] Before, byte[] After)[] payloads, string[] tokens, long sequence, int concurrency, Latencies? latencies = null)
    {
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, payloads.Length), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            var (node, before, after) = payloads[i];
            using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/nodes/{node}/probe")
            {
                Content = new SplicedJsonContent(before, sequence, after),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[i]);
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request, ct);
            latencies?.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (response.StatusCode != HttpStatusCode.OK && Interlocked.Increment(ref failures) <= 3)
            {
                Console.Error.WriteLine($"{node}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
            }
        });

        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} reports were not accepted");
        }

        return (payloads.Length / clock.Elapsed.TotalSeconds, failures);
    }

    private static double ParseRate((string Node, byte[] Before, byte[] After)[] payloads)
    {
        var bodies = payloads.Take(1000).Select(p => (byte[])[.. p.Before, (byte)'7', .. p.After]).ToArray();
        var best = 0.0;
        for (var pass = 0; pass < 3; pass++)
        {
            var clock = Stopwatch.StartNew();
            foreach (var body in bodies)
            {
                JsonSerializer.Deserialize<ProbeReport>(body, ApiJson.Options);
            }

            best = Math.Max(best, bodies.Length / clock.Elapsed.TotalSeconds);
        }

        Console.WriteLine($"payload: {bodies.Average(b => b.Length):F0} bytes per report on average");
        return best;
    }

    private static double ValidateRate((string Node, byte[] Before, byte[] After)[] payloads)
    {
        var reports = payloads.Take(1000).Select(p => JsonSerializer.Deserialize<ProbeReport>((byte[])[.. p.Before, (byte)'7', .. p.After], ApiJson.Options)!).ToArray();
        var now = DateTimeOffset.UtcNow;
        var best = 0.0;
        for (var pass = 0; pass < 3; pass++)
        {
            var clock = Stopwatch.StartNew();
            foreach (var report in reports)
            {
                ProbeReportValidator.Validate(report, report.Node, now);
            }

            best = Math.Max(best, reports.Length / clock.Elapsed.TotalSeconds);
        }

        return best;
    }

    private static async Task<double> DirectIngestRateAsync(ProbeIngestion ingestion, (string Node, byte[] Before, byte[] After)[] payloads, long sequence, int concurrency)
    {
        var digits = Encoding.ASCII.GetBytes(sequence.ToString(CultureInfo.InvariantCulture));
        var reports = payloads.Select(p => JsonSerializer.Deserialize<ProbeReport>((byte[])[.. p.Before, .. digits, .. p.After], ApiJson.Options)!).ToArray();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(reports, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (r, _) => await ingestion.IngestAsync(r.Node, r));
        return reports.Length / clock.Elapsed.TotalSeconds;
    }

    private static async Task<double> HealthzFloorAsync(HttpClient http, int count, int concurrency)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (_, ct) =>
        {
            using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative), ct);
            response.EnsureSuccessStatusCode();
        });
        return count / clock.Elapsed.TotalSeconds;
    }

    private static long SettledHeap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
