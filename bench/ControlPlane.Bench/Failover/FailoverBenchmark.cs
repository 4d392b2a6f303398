using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using ControlPlane.Bench.Hosting;
using ControlPlane.Contracts.Incidents;
using ControlPlane.Grains.Deployments;
using ControlPlane.Simulation;
using ControlPlane.Web.Apis;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Incidents;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Bench.Failover;

/// <summary>
/// Failover on the path users take: an embedded control plane on 127.0.0.1 with a simulated fleet, deployments created
/// through <c>PUT /api/v1/deployments</c>, then NCCL timeouts sent through <c>POST /api/v1/signals/nccl-timeout</c>, each
/// on a pair of its own node (so each is an incident of its own). Measured per incident: from sending the signal until
/// the incident says its replacement pair is placed, reserved on the node grains and recorded (plan-only: nothing binds
/// pods, so pod start is excluded by construction). Beside it, the pure core: planning one replacement pair in process.
/// At the end every node's allocations are compared with every deployment's pairs: GPUs held twice, and GPUs held by
/// nobody (an allocation no live pair owns, or a pair GPU its owner does not hold).
/// </summary>
public static class FailoverBenchmark
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var result = await MeasureAsync(args.Int("nodes", 10_000), args.Int("incidents", 1000), args.Int("concurrency", 16));
        return result.Passed ? 0 : 1;
    }

    public static async Task<FailoverResult> MeasureAsync(int nodes, int incidents, int concurrency)
    {
        Console.WriteLine($"failover: {nodes} simulated nodes, {incidents} incidents, {concurrency} in flight, 127.0.0.1 only");

        await using var plane = await BenchControlPlane.StartAsync(
            redis: null,

            // A thousand independent timeouts in seconds would trip the production rate limit (a person is asked first):
            // lifted here so the benchmark measures the machinery, not the brake.
            "--ControlPlane:Failover:MaxQuarantinesPerMinute=100000",

            // Each node reports once; a long heartbeat keeps them Ready for the run instead of 10,000 agents beating.
            "--ControlPlane:Health:HeartbeatInterval=00:10:00");
        using var http = plane.Client(concurrency * 2);
        var grains = plane.Grains;

        var clock = Stopwatch.StartNew();
        await plane.RegisterAsync(new SimulatedFleet(nodes), concurrency);
        await Task.Delay(TimeSpan.FromSeconds(2)); // the pools' fleet indexes hear of the nodes one-way
        Console.WriteLine($"fleet: {nodes} nodes registered in {clock.Elapsed.TotalSeconds:F1} s");

        // The first incidents after start compile the failover path (endpoint, failover and incident grains, planning,
        // quarantine): timed on their own and reported beside the figures, which are what a running silo answers.
        var firstCount = 2 * concurrency;
        clock.Restart();
        var targets = await DeployAsync(http, firstCount + incidents);
        Console.WriteLine($"deployments: {targets.Deployments} with {targets.Pairs} pairs placed through HTTP in {clock.Elapsed.TotalSeconds:F1} s; {targets.Chosen.Count} pairs on nodes of their own chosen");
        if (targets.Chosen.Count < firstCount + incidents)
        {
            Console.Error.WriteLine($"only {targets.Chosen.Count} pairs sit on nodes of their own; raise --nodes");
            return new FailoverResult(0, double.NaN, double.NaN, 0, incidents, 0, 0, [], double.NaN);
        }

        var core = await CoreRateAsync(plane.Services.GetRequiredService<FleetPlacementPlanner>(), targets.Chosen[0].Spec);
        var first = new Latencies(firstCount);
        var failed = 0;
        await Parallel.ForEachAsync(targets.Chosen.Take(firstCount), new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (target, ct) => await FailOverAsync(target, first, ct));
        var firstMaxMs = first.Count > 0 ? first.Sorted()[^1] : double.NaN;
        Console.WriteLine($"first {firstCount} incidents after start (not in the figures below): p50 {first.Percentile(50):F1} ms, slowest {firstMaxMs:F1} ms");

        var latencies = new Latencies(incidents);
        clock.Restart();
        await Parallel.ForEachAsync(targets.Chosen.Skip(firstCount).Take(incidents), new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (target, ct) => await FailOverAsync(target, latencies, ct));
        var elapsed = clock.Elapsed;
        var perSecond = latencies.Count / elapsed.TotalSeconds;

        async Task FailOverAsync(Target target, Latencies into, CancellationToken ct)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.PostAsJsonAsync("/api/v1/signals/nccl-timeout", Signal(target), ApiJson.Options, ct);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                Interlocked.Increment(ref failed);
                return;
            }

            var id = (await response.Content.ReadFromJsonAsync<Accepted>(ApiJson.Options, ct))!.Incident;
            var incident = grains.GetGrain<IIncidentGrain>(id);
            IncidentView? last = null;
            for (var spin = 0; spin < 2000; spin++)
            {
                last = await incident.GetAsync();
                if (last is { Pairs.Length: > 0 } && last.Pairs.All(p => p.Progress is "recovered" or "replaced"))
                {
                    into.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    return;
                }

                if (last is { State: IncidentState.NeedsAttention or IncidentState.Merged })
                {
                    break;
                }

                await Task.Delay(5, ct);
            }

            if (Interlocked.Increment(ref failed) <= 3)
            {
                Console.WriteLine($"incident {id} for {target.Deployment}/pair-{target.Pair} did not complete: {last?.State}, "
                    + string.Join("; ", last?.Pairs.Select(p => $"{p.Id} {p.Progress} {p.Detail}") ?? []) + " | " + string.Join(" / ", last?.Timeline.TakeLast(3).Select(t => $"{t.Step}: {t.Detail}") ?? []));
            }
        }

        var (doubles, orphans) = await Invariants.CountAsync(grains, http, nodes);
        Console.WriteLine($"core (planning one replacement pair in process, no grains): {core:F0} plans/s, {1000.0 / core:F3} ms each");
        Console.WriteLine($"signal -> replacement recorded: {latencies.Count} incidents in {elapsed.TotalSeconds:F2} s, p50 {latencies.Percentile(50):F1} ms, p99 {latencies.Percentile(99):F1} ms, failed {failed}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT failover incidents={latencies.Count} p50_ms={latencies.Percentile(50):F1} p99_ms={latencies.Percentile(99):F1} incidents_per_s={perSecond:F0} double_allocations={doubles} orphaned_gpus={orphans} first_incidents_max_ms={firstMaxMs:F1}"));
        return new FailoverResult(latencies.Count, latencies.Percentile(50), latencies.Percentile(99), perSecond, failed, doubles, orphans, latencies.Sorted(), firstMaxMs);
    }

    private static object Signal(Target target) => new
    {
        deployment = target.Deployment,
        pair = target.Pair,
        op = "SEND",
        timeoutMs = 600_000,
        ranks = new[]
        {
            new { rank = 0, role = "prefill", lastEnqueued = 812L, lastCompleted = 811L },
            new { rank = 0, role = "decode", lastEnqueued = 813L, lastCompleted = 812L },
        },
        source = "failover-bench",
    };


    /// <summary>Ten-pair deployments spread over nodes, in the two 8-GPU pools, until enough pairs sit on a node no other chosen pair uses.</summary>
    private static async Task<Targets> DeployAsync(HttpClient http, int wanted)
    {
        var chosen = new List<Target>();
        var usedNodes = new HashSet<string>(StringComparer.Ordinal);
        var (deployments, pairs, refused) = (0, 0, 0);
        string[] pools = ["h20", "h100"];
        while (chosen.Count < wanted && deployments < wanted)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"fo-{deployments:D4}");
            var spec = Spec(pools[deployments % pools.Length]);
            using var response = await http.PutAsJsonAsync($"/api/v1/deployments/{name}", spec, ApiJson.Options);
            deployments++;
            if (!response.IsSuccessStatusCode)
            {
                if (++refused <= 3)
                {
                    var body = await response.Content.ReadAsStringAsync();
                    var own = Math.Max(0, body.IndexOf($"\"node\":\"{spec.Pool}-", StringComparison.Ordinal));
                    Console.WriteLine($"{name} in {spec.Pool}: {(int)response.StatusCode} {body[own..Math.Min(body.Length, own + 400)]}");
                }

                continue;
            }

            var view = (await response.Content.ReadFromJsonAsync<DeploymentView>(ApiJson.Options))!;
            pairs += view.Pairs.Length;
            foreach (var pair in view.Pairs)
            {
                var home = pair.Placement.Prefill.Node;
                if (pair.Placement.Decode.Node == home && usedNodes.Add(home))
                {
                    chosen.Add(new Target(name, pair.Index, spec));
                }
            }
        }

        return new Targets(deployments, pairs, chosen);
    }

    private static DeploymentSpec Spec(string pool) => new()
    {
        Model = "llama-3.1-8b",
        Engine = "sglang",
        Image = new ImageSpec { Name = "lmsysorg/sglang:v0.5.4-cu124", ComputeCapabilities = ["8.0", "9.0"], Cuda = "12.4" },
        Prefill = new ReplicaSpec { Tp = 1 },
        Decode = new ReplicaSpec { Tp = 1 },
        Pairs = 10,
        TransferBackend = "nixl",
        TransferPolicy = "prefer-nvlink",
        Spread = "node",
        Pool = pool,
    };

    private static async Task<double> CoreRateAsync(FleetPlacementPlanner planner, DeploymentSpec spec)
    {
        var one = spec with { Pairs = 1 };
        for (var i = 0; i < 200; i++)
        {
            await planner.PlanAsync(one);
        }

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 1000; i++)
        {
            await planner.PlanAsync(one);
        }

        return 1000 / clock.Elapsed.TotalSeconds;
    }


    private sealed record Target(string Deployment, int Pair, DeploymentSpec Spec);

    private sealed record Targets(int Deployments, int Pairs, List<Target> Chosen);

    private sealed record Accepted(string Incident);
}
