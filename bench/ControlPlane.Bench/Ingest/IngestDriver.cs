using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ControlPlane.Simulation;
using ControlPlane.Web.Apis;

namespace ControlPlane.Bench.Ingest;

/// <summary>
/// The load generator of <c>ingest</c>, run as a separate process (as agents are), so the server's
/// allocation and GC figures are the server's alone and the client's own collections do not pause the
/// server. It tells the benchmark on stdout where it is (<see cref="IngestProtocol"/>) and waits on stdin
/// while the server's heap is measured.
/// </summary>
public static class IngestDriver
{
    public const string UrlVariable = "CONTROLPLANE_BENCH_DRIVE";

    public static async Task<int> RunAsync(Uri server, string adminKey, BenchArgs args)
    {
        var nodes = args.Int("nodes", 10_000);
        var rounds = args.Int("rounds", 3);
        var concurrency = args.Int("concurrency", 64);
        var fleet = new SimulatedFleet(nodes);
        var payloads = IngestPayloads.Steady(fleet);

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(60) };

        IngestProtocol.Phase("tokens");
        var tokens = await IssueTokensAsync(http, adminKey, payloads, concurrency);

        // A tenth of the fleet (at most 1,000 nodes) registers unmeasured first: a fresh process runs the registration
        // path (activations, storage, the GPU claims) in tier-0 code, which measured the JIT, not the control plane.
        var warmNodes = Math.Min(1000, nodes / 10);
        IngestProtocol.Phase("register-warm");
        var warmRegistration = await SendRoundAsync(http, payloads[..warmNodes], tokens[..warmNodes], sequence: 1, concurrency);
        IngestProtocol.Info($"registration warm-up: {warmNodes} nodes at {warmNodes / warmRegistration.TotalSeconds:F0} new nodes/s (not measured)");

        IngestProtocol.Phase("register");
        var register = new Latencies(nodes - warmNodes);
        var registration = await SendRoundAsync(http, payloads[warmNodes..], tokens[warmNodes..], sequence: 1, concurrency, register);
        IngestProtocol.Stat("register", register, registration);
        IngestProtocol.Phase("registered");
        await Console.In.ReadLineAsync();

        // One steady round unmeasured: the steady path (no fan-out, no writes) is not the registration path, and tiered JIT needs it warm.
        IngestProtocol.Phase("warm");
        var warm = await SendRoundAsync(http, payloads, tokens, sequence: 2, concurrency);
        IngestProtocol.Info($"warm-up round: {nodes / warm.TotalSeconds:F0} reports/s (not measured)");

        IngestProtocol.Phase("steady");
        var steady = new Latencies(nodes * rounds);
        var steadyTime = TimeSpan.Zero;
        for (var round = 0; round < rounds; round++)
        {
            var took = await SendRoundAsync(http, payloads, tokens, sequence: 3 + round, concurrency, steady);
            steadyTime += took;
            IngestProtocol.Info($"steady round {round + 1}: {nodes / took.TotalSeconds:F0} reports/s");
        }

        IngestProtocol.Stat("steady", steady, steadyTime);

        // Built before the phase starts: the server measures reports, not the load generator's serializer.
        var changingRounds = Enumerable.Range(0, rounds).Select(r => IngestPayloads.Changing(fleet, r)).ToArray();
        IngestProtocol.Phase("changing");
        var changing = new Latencies(nodes * rounds);
        var changingTime = TimeSpan.Zero;
        for (var round = 0; round < rounds; round++)
        {
            var took = await SendRoundAsync(http, changingRounds[round], tokens, sequence: 3 + rounds + round, concurrency, changing);
            changingTime += took;
            IngestProtocol.Info($"changing round {round + 1}: {nodes / took.TotalSeconds:F0} reports/s");
        }

        IngestProtocol.Stat("changing", changing, changingTime);

        IngestProtocol.Phase("healthz");
        var floor = new Latencies(nodes * rounds);
        IngestProtocol.Stat("healthz", floor, await HealthzFloorAsync(http, floor, nodes * rounds, concurrency));
        IngestProtocol.Phase("end");
        return 0;
    }

    private static async Task<string[]> IssueTokensAsync(HttpClient http, string adminKey, IngestPayload[] payloads, int concurrency)
    {
        var tokens = new string[payloads.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, payloads.Length), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/nodes/{payloads[i].Node}/token");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
            using var response = await http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
            tokens[i] = (await response.Content.ReadFromJsonAsync<IssuedToken>(ApiJson.Options, ct))!.Token;
        });
        return tokens;
    }

    private static async Task<TimeSpan> SendRoundAsync(HttpClient http, IngestPayload[] payloads, string[] tokens, long sequence, int concurrency, Latencies? latencies = null)
    {
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, payloads.Length), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            var payload = payloads[i];
            using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/nodes/{payload.Node}/probe")
            {
                Content = new SplicedJsonContent(payload.Before, sequence, payload.After),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[i]);
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request, ct);
            latencies?.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (response.StatusCode != HttpStatusCode.OK && Interlocked.Increment(ref failures) <= 3)
            {
                Console.Error.WriteLine($"{payload.Node}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
            }
        });

        return failures > 0 ? throw new InvalidOperationException($"{failures} reports were not accepted") : clock.Elapsed;
    }

    private static async Task<TimeSpan> HealthzFloorAsync(HttpClient http, Latencies latencies, int count, int concurrency)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (_, ct) =>
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative), ct);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            response.EnsureSuccessStatusCode();
        });
        return clock.Elapsed;
    }
}
