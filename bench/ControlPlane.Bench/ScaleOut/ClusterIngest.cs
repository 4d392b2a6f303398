using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ControlPlane.Bench.Hosting;
using ControlPlane.Simulation;
using ControlPlane.Web.Apis;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Bench.ScaleOut;

/// <summary>
/// Steady ingestion through HTTP spread over every front end of a cluster (node i reports to front end i mod F, as a
/// load balancer would send it): one registering round, one warm-up round, then measured rounds. Beside the rate, the
/// CPU time this process (clients, front ends and silos together) spent per report.
/// </summary>
public static class ClusterIngest
{
    public static async Task<ClusterIngestResult> MeasureAsync(IReadOnlyList<BenchControlPlane> planes, int nodes, int rounds, int concurrency)
    {
        var clients = planes.Select(p => p.Client(concurrency)).ToArray();
        try
        {
            var cpu = TimeSpan.Zero;
            var measured = await DriveAsync(clients, nodes, rounds, concurrency, phase =>
            {
                if (phase == SteadyPhase)
                {
                    cpu = Process.GetCurrentProcess().TotalProcessorTime;
                }
            });
            var cpuPerReport = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / measured.Count;
            return new ClusterIngestResult(planes.Count, measured.PerSecond, measured.Percentile(50), measured.Percentile(99), cpuPerReport);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    public const string SteadyPhase = "steady";

    /// <summary>
    /// Tokens, registration and a warm-up round (each announced to <paramref name="phase"/>), then <paramref name="rounds"/>
    /// measured steady rounds (announced as <see cref="SteadyPhase"/>); node i reports through client i mod clients.
    /// </summary>
    public static async Task<Measured> DriveAsync(HttpClient[] clients, int nodes, int rounds, int concurrency, Action<string> phase)
    {
        var fleet = new SimulatedFleet(nodes);
        var now = DateTimeOffset.UtcNow;
        var random = new Random(42);
        var reports = fleet.Nodes.Select(n => n.NextReport(now, random)).ToArray();
        phase("tokens");
        var tokens = await IssueTokensAsync(clients, reports, concurrency);
        phase("register");
        await SendRoundAsync(clients, reports, tokens, 1, concurrency, null);
        phase("warm");
        await SendRoundAsync(clients, reports, tokens, 2, concurrency, null);
        var latencies = new Latencies(nodes * rounds);
        phase(SteadyPhase);
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            await SendRoundAsync(clients, reports, tokens, 3 + round, concurrency, latencies);
        }

        return new Measured(latencies, clock.Elapsed);
    }

    /// <summary>The measured rounds' latencies and how long they took.</summary>
    public sealed record Measured(Latencies Latencies, TimeSpan Elapsed)
    {
        public int Count => Latencies.Count;

        public double PerSecond => Latencies.Count / Elapsed.TotalSeconds;

        public double Percentile(double p) => Latencies.Percentile(p);
    }

    private static async Task<string[]> IssueTokensAsync(HttpClient[] clients, ProbeReport[] reports, int concurrency)
    {
        var tokens = new string[reports.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, reports.Length), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            using var response = await clients[i % clients.Length].PostAsync(new Uri($"/api/v1/nodes/{reports[i].Node}/token", UriKind.Relative), null, ct);
            response.EnsureSuccessStatusCode();
            tokens[i] = (await response.Content.ReadFromJsonAsync<IssuedToken>(ApiJson.Options, ct))!.Token;
        });
        return tokens;
    }

    private static async Task SendRoundAsync(HttpClient[] clients, ProbeReport[] reports, string[] tokens, long sequence, int concurrency, Latencies? latencies)
    {
        // Serialized before the clock starts: the client's JSON is not the server's work.
        var bodies = reports.Select(r => JsonSerializer.SerializeToUtf8Bytes(r with { Sequence = sequence }, ApiJson.Options)).ToArray();
        var failures = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, reports.Length), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/nodes/{reports[i].Node}/probe") { Content = new ByteArrayContent(bodies[i]) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[i]);
            var started = Stopwatch.GetTimestamp();
            using var response = await clients[i % clients.Length].SendAsync(request, ct);
            latencies?.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (response.StatusCode != HttpStatusCode.OK && Interlocked.Increment(ref failures) <= 3)
            {
                Console.Error.WriteLine($"{reports[i].Node}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
            }
        });

        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} reports were not accepted");
        }
    }
}
