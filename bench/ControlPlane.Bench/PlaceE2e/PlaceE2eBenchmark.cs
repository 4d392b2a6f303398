using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using ControlPlane.Bench.Hosting;
using ControlPlane.Placement;
using ControlPlane.Simulation;
using ControlPlane.Web.Apis;
using ControlPlane.Wire.Deployments;

namespace ControlPlane.Bench.PlaceE2e;

/// <summary>
/// Placement on the path users take, at fleet scale: an embedded control plane on 127.0.0.1 with N simulated nodes,
/// and C concurrent clients that create, scale and delete deployments through <c>PUT</c>/<c>DELETE /api/v1/deployments</c>
/// (validation, planning against the fleet index, reservations on the node grains, state writes, plan-only apply).
/// Each client keeps a window of live deployments: it creates until the window is full, then scales its oldest
/// deployment by one pair, then deletes it, so creates, scales and deletes come one to one to one. Every operation is
/// timed from request to response. Before each placement an oracle (plain scan of the pool's placement views, fed by
/// the fleet index's change log) says the best tier the pool still offers; a new pair "got the best tier" when its tier
/// equals it. At the end every deployment's pairs are counted against every node grain's allocations.
/// </summary>
public static class PlaceE2eBenchmark
{
    /// <summary>
    /// Clients of the target point (&gt;= 500 operations/s at p99 &lt;= 20 ms): on 2 cores, 4 requests in flight keep both
    /// busy without queueing behind each other; 16 (<c>--concurrency 16</c>) measures the saturated path.
    /// </summary>
    public const int TargetClients = 4;

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var result = await MeasureAsync(args.Int("nodes", 10_000), args.Int("operations", 3000), args.Int("concurrency", TargetClients), args.Int("window", 8));
        return result.Passed ? 0 : 1;
    }

    public static async Task<PlaceE2eResult> MeasureAsync(int nodes, int operations, int concurrency, int window, string? redis = null, int frontEnds = 1)
    {
        Console.WriteLine($"place-e2e: {nodes} simulated nodes, {operations} operations (create, scale, delete) by {concurrency} clients, window {window} live deployments each, {frontEnds} front end(s){(redis is null ? "" : " on Redis")}, 127.0.0.1 only");
        var planes = new List<BenchControlPlane>();
        try
        {
            for (var i = 0; i < frontEnds; i++)
            {
                // The simulated nodes report once: a heartbeat interval longer than the run keeps their silence from being a fault.
                planes.Add(await BenchControlPlane.StartAsync(redis, "--ControlPlane:Health:HeartbeatInterval=00:10:00"));
            }

            var clock = Stopwatch.StartNew();
            await planes[0].RegisterAsync(new SimulatedFleet(nodes), concurrency: 32);
            await Task.Delay(TimeSpan.FromSeconds(2)); // the pools' fleet indexes hear of the nodes one-way
            Console.WriteLine($"fleet: {nodes} nodes registered in {clock.Elapsed.TotalSeconds:F1} s");
            var clients = planes.Select(p => p.Client(concurrency)).ToArray();
            try
            {
                return await DriveAsync(planes[0].Grains, planes[0].Services, clients, nodes, operations, concurrency, window);
            }
            finally
            {
                foreach (var client in clients)
                {
                    client.Dispose();
                }
            }
        }
        finally
        {
            foreach (var plane in planes.AsEnumerable().Reverse())
            {
                await plane.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The operations against a registered fleet, spread over <paramref name="clients"/> (one per front end); the oracle and
    /// the invariants read the grains through <paramref name="grains"/> (a silo of this process, or a cluster client).
    /// The breakdown line needs the control plane in this process (<paramref name="inProcess"/>); without it, none.
    /// </summary>
    public static async Task<PlaceE2eResult> DriveAsync(IGrainFactory grains, IServiceProvider? inProcess, HttpClient[] clients, int nodes, int operations, int concurrency, int window, Action? measuring = null)
    {
        var specs = Specs();
        var oracles = new PoolOracles(grains, OnePairDeployments.Pools, specs, [.. specs.Select(s => ModelCatalog.Resolve(s)!)]);
        await oracles.RefreshAsync();

        // Warm-up, not measured: tiered JIT and the first activations of the directory grains.
        await ClientAsync(-1, clients[0], specs, oracles, Math.Min(window, 4) * 3, window: Math.Min(window, 4), latencies: null, new Tally());
        if (inProcess is not null)
        {
            await PutBreakdown.PrintAsync(inProcess, clients[0], specs[0]);
        }
        var latencies = new Latencies(operations + concurrency);
        var tally = new Tally();
        var budget = operations;
        measuring?.Invoke();
        var cpu = new MachineCpu();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(c => Task.Run(() =>
            ClientAsync(c, clients[c % clients.Length], specs, oracles, () => Interlocked.Decrement(ref budget) >= 0, window, latencies, tally))));
        var elapsed = clock.Elapsed;
        var busy = cpu.BusyPercent();

        var (doubles, orphans) = await Invariants.CountAsync(grains, clients[0], nodes);
        var perSecond = latencies.Count / elapsed.TotalSeconds;
        var bestPct = tally.Pairs == 0 ? 0 : 100.0 * tally.BestTier / tally.Pairs;
        Console.WriteLine($"operations: {latencies.Count} in {elapsed.TotalSeconds:F2} s ({tally.Creates} creates, {tally.Scales} scales, {tally.Deletes} deletes, {tally.Failed} failed); "
            + $"{tally.Pairs} pairs placed, {tally.BestTier} on the best tier the pool offered");
        foreach (var (op, ms) in tally.ByOperation())
        {
            Console.WriteLine($"  {op,-6} p50 {Percentile(ms, 50):F2} ms, p99 {Percentile(ms, 99):F2} ms");
        }

        var result = new PlaceE2eResult(nodes, concurrency, latencies.Count, tally.Failed, perSecond, latencies.Percentile(50), latencies.Percentile(99), bestPct, doubles, orphans, latencies.Sorted());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT place-e2e nodes={nodes} deployments_per_s={perSecond:F0} p50_ms={result.P50Ms:F2} p99_ms={result.P99Ms:F2} best_tier_pct={bestPct:F1} double_allocations={doubles} orphaned_gpus={orphans} cpu_busy_pct={busy:F0} concurrency={concurrency}"));
        return result;
    }

    private static Task ClientAsync(int client, HttpClient http, DeploymentSpec[] specs, PoolOracles oracles, int count, int window, Latencies? latencies, Tally tally)
    {
        var left = count;
        return ClientAsync(client, http, specs, oracles, () => left-- > 0, window, latencies, tally);
    }

    private static async Task ClientAsync(int client, HttpClient http, DeploymentSpec[] specs, PoolOracles oracles, Func<bool> next, int window, Latencies? latencies, Tally tally)
    {
        var random = new Random(1000 + client);
        var live = new List<Live>();
        var made = 0;
        while (next())
        {
            E2eOperation op;
            Live target;
            if (live.Count < window)
            {
                op = E2eOperation.Create;
                var which = random.Next(specs.Length);
                target = new Live(string.Create(CultureInfo.InvariantCulture, $"e2e-{(client < 0 ? "w" : client.ToString("D2", CultureInfo.InvariantCulture))}-{made++:D5}"), which, specs[which].Pairs, Scaled: false);
            }
            else
            {
                target = live[0];
                op = target.Scaled ? E2eOperation.Delete : E2eOperation.Scale;
            }

            var best = op == E2eOperation.Delete ? null : await oracles.BestTierAsync(target.Spec);
            var pairs = op switch { E2eOperation.Scale => target.Pairs == 1 ? 2 : target.Pairs - 1, _ => target.Pairs };
            var started = Stopwatch.GetTimestamp();
            using var response = op == E2eOperation.Delete
                ? await http.DeleteAsync(new Uri($"/api/v1/deployments/{target.Name}", UriKind.Relative))
                : await http.PutAsJsonAsync($"/api/v1/deployments/{target.Name}", specs[target.Spec] with { Pairs = pairs }, ApiJson.Options);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            latencies?.Add(ms);
            if (!response.IsSuccessStatusCode)
            {
                tally.Fail(op, $"{target.Name} {op}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                if (op == E2eOperation.Scale)
                {
                    live[0] = target with { Scaled = true };
                }

                continue;
            }

            NewPairs(op, target, pairs, response.StatusCode == System.Net.HttpStatusCode.OK && op != E2eOperation.Delete ? await response.Content.ReadFromJsonAsync<DeploymentView>(ApiJson.Options) : null, best, tally);
            tally.Done(op, ms, latencies is not null);
            switch (op)
            {
                case E2eOperation.Create:
                    live.Add(target);
                    break;
                case E2eOperation.Scale:
                    live[0] = target with { Pairs = pairs, Scaled = true };
                    break;
                default:
                    live.RemoveAt(0);
                    break;
            }
        }
    }

    /// <summary>The pairs this operation placed (all of a create, the added ones of a growth) against the oracle's best tier.</summary>
    private static void NewPairs(E2eOperation op, Live target, int pairs, DeploymentView? view, string? best, Tally tally)
    {
        if (view is null || best is null)
        {
            return;
        }

        var from = op == E2eOperation.Create ? 0 : target.Pairs;
        foreach (var pair in view.Pairs.Where(p => p.Index >= from && p.Index < pairs))
        {
            tally.Placed(pair.Placement.Tier == best);
        }
    }

    private static DeploymentSpec[] Specs()
    {
        var image = new ImageSpec { Name = "lmsysorg/sglang:v0.5.4-cu124", ComputeCapabilities = ["8.0", "9.0"], Cuda = "12.2" };
        DeploymentSpec Spec(string model, int tp, int pairs, string pool) => new()
        {
            Model = model,
            Engine = "sglang",
            Image = image,
            Prefill = new ReplicaSpec { Tp = tp },
            Decode = new ReplicaSpec { Tp = tp },
            Pairs = pairs,
            TransferBackend = "nixl",
            TransferPolicy = "prefer-nvlink",
            Spread = "node",
            Pool = pool,
        };

        // Qwen2.5-72B at TP2 needs 72.5 GiB per GPU: only the H20s (96 GiB) take it; at TP4 the 80 GiB cards do.
        return
        [
            Spec("llama-3.1-8b", 1, 2, "h20"), Spec("llama-3.1-8b", 1, 2, "h100"), Spec("llama-3.1-8b", 1, 1, "a100"), Spec("llama-3.1-8b", 1, 1, "h200"),
            Spec("qwen2.5-72b", 2, 1, "h20"), Spec("qwen2.5-72b", 2, 2, "h20"),
            Spec("qwen2.5-72b", 4, 1, "h20"), Spec("qwen2.5-72b", 4, 1, "h100"), Spec("qwen2.5-72b", 4, 1, "a100"),
        ];
    }

    private static double Percentile(List<double> ms, double p)
    {
        if (ms.Count == 0)
        {
            return double.NaN;
        }

        var sorted = ms.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
    }

    private sealed record Live(string Name, int Spec, int Pairs, bool Scaled);
}
