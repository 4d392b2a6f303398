using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ControlPlane.Bench.Hosting;
using ControlPlane.Contracts.Fleet;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Simulation;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Bench.ColdStart;

/// <summary>
/// A cold start of a Redis-backed cluster: a real <c>redis-server</c> on loopback, one control plane (web front end
/// co-hosting a silo) registers N simulated nodes and creates D deployments through HTTP, the GPUs every node grain
/// holds are noted, and the silo stops. A new one starts on the same Redis and every agent reconnects at once (jittered,
/// with back-off). Measured from the moment the new process starts: until every agent's report is accepted, until every
/// node grain answers with the allocations it had, and until every pool's fleet index (what the planner reads) holds
/// every node with those allocations again. Beside it, the longest <c>GET /healthz</c> during the storm, retries and
/// 5xx answers, and the allocation invariants over the restarted deployments.
/// </summary>
public static class ColdStartBenchmark
{
    // The simulated agents report only at the restart: a heartbeat interval longer than the run keeps that silence from being a fault.
    private static readonly string[] Settings = ["--ControlPlane:Health:HeartbeatInterval=00:10:00"];

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var result = await MeasureAsync(args.Int("nodes", 10_000), args.Int("deployments", 2000), args.Int("jitter-seconds", 10), args.Int("processes", 0));
        return result.Passed ? 0 : 1;
    }

    /// <param name="processes">0: the new silo in this process; N: N new processes (web front ends co-hosting silos), the agents spread over them.</param>
    public static async Task<ColdStartResult> MeasureAsync(int nodes, int deployments, int jitterSeconds, int processes = 0)
    {
        Console.WriteLine($"cold-start: {nodes} nodes and {deployments} deployments in Redis, silo stopped and started{(processes > 0 ? $" as {processes} new process(es)" : "")}, {nodes} agents reconnecting within {jitterSeconds} s, 127.0.0.1 only");
        await using var redis = await BenchRedis.StartAsync();
        var fleet = new SimulatedFleet(nodes);
        var clock = Stopwatch.StartNew();
        Dictionary<string, string?[]> expected;
        await using (var first = await BenchControlPlane.StartAsync(redis.ConnectionString, Settings))
        {
            await first.RegisterAsync(fleet, concurrency: 32);
            Console.WriteLine($"registered {nodes} nodes in {clock.Elapsed.TotalSeconds:F1} s");
            clock.Restart();
            using var http = first.Client(16);
            await OnePairDeployments.CreateAsync(http, [.. Enumerable.Range(0, deployments).Select(i => string.Create(CultureInfo.InvariantCulture, $"cold-{i:D5}"))]);
            Console.WriteLine($"created {deployments} deployments through HTTP in {clock.Elapsed.TotalSeconds:F1} s");
            expected = await AllocationsAsync(first.Grains, fleet);
            Console.WriteLine($"{expected.Values.Sum(o => o.Count(x => x is not null))} GPUs held; stopping the silo");
        }

        var redisBytes = await redis.UsedMemoryAsync();
        Console.WriteLine($"Redis holds {redisBytes / 1048576.0:F0} MiB");

        var started = Stopwatch.GetTimestamp();
        await using var second = await RestartedCluster.StartAsync(redis.ConnectionString, processes, Settings);
        var siloStart = Stopwatch.GetElapsedTime(started).TotalSeconds;
        using var client = BenchControlPlane.ClientOf(second.Addresses[0], 16);
        using var watching = new CancellationTokenSource();
        var healthz = WatchHealthzAsync(client, watching.Token);
        var storm = new AgentStorm(fleet, sequence: 2);
        var agents = await storm.RunAsync(second.Addresses, TimeSpan.FromSeconds(jitterSeconds), TimeSpan.FromMinutes(4), connections: 256, started);
        var nodesAnswer = await UntilAsync(() => NodesMatchAsync(second.Grains, expected), started);
        var plansCorrect = await UntilAsync(() => FleetViewsMatchAsync(second.Grains, expected), started);
        await watching.CancelAsync();
        var healthzMax = await healthz;
        var (doubles, orphans) = await Invariants.CountAsync(second.Grains, client, nodes);

        var result = new ColdStartResult(nodes, deployments, siloStart, agents, nodesAnswer, plansCorrect, healthzMax, storm.Retries, storm.ServerErrors, doubles, orphans, redisBytes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"restart: silo up in {siloStart:F1} s; every agent accepted after {agents:F1} s ({storm.Retries} retries, {storm.ServerErrors} 5xx, {storm.Rejected} refused); "
            + $"every node answered with its allocations after {nodesAnswer:F1} s; every fleet index correct after {plansCorrect:F1} s; longest GET /healthz during the storm {healthzMax:F0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT cold-start nodes={nodes} deployments={deployments} ready_s={result.ReadySeconds:F1} agents_s={agents:F1} silo_start_s={siloStart:F1} healthz_max_ms={healthzMax:F0} server_errors={storm.ServerErrors} double_allocations={doubles} orphaned_gpus={orphans} processes={processes}"));
        return result;
    }

    private static async Task<Dictionary<string, string?[]>> AllocationsAsync(IGrainFactory grains, SimulatedFleet fleet)
    {
        var held = new ConcurrentDictionary<string, string?[]>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(fleet.Nodes, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (node, _) =>
            held[node.Name] = Owners(await grains.GetGrain<INodeGrain>(node.Name).GetPlacementAsync()));
        return new Dictionary<string, string?[]>(held, StringComparer.Ordinal);
    }

    private static string?[] Owners(PlacementNode? view) => view is null ? [] : [.. view.Gpus.OrderBy(g => g.Index).Select(g => g.AllocatedTo)];

    private static async Task<bool> NodesMatchAsync(IGrainFactory grains, Dictionary<string, string?[]> expected)
    {
        var wrong = 0;
        await Parallel.ForEachAsync(expected, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (e, _) =>
        {
            if (!Owners(await grains.GetGrain<INodeGrain>(e.Key).GetPlacementAsync()).SequenceEqual(e.Value))
            {
                Interlocked.Increment(ref wrong);
            }
        });
        return wrong == 0;
    }

    private static async Task<bool> FleetViewsMatchAsync(IGrainFactory grains, Dictionary<string, string?[]> expected)
    {
        var pools = await grains.GetGrain<IPoolDirectoryGrain>(IPoolDirectoryGrain.Key).ListAsync();
        var seen = new Dictionary<string, string?[]>(StringComparer.Ordinal);
        foreach (var pool in pools)
        {
            foreach (var view in (await grains.GetGrain<IFleetGrain>(pool).GetCapacityChangesAsync(0)).Changed)
            {
                seen[view.Node] = Owners(view);
            }
        }

        return expected.All(e => seen.TryGetValue(e.Key, out var owners) && owners.SequenceEqual(e.Value));
    }

    /// <summary>Seconds from <paramref name="since"/> until <paramref name="check"/> holds (checked every 250 ms, for at most 3 minutes; NaN if never).</summary>
    private static async Task<double> UntilAsync(Func<Task<bool>> check, long since)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(180 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (await check())
            {
                return Stopwatch.GetElapsedTime(since).TotalSeconds;
            }

            await Task.Delay(250);
        }

        return double.NaN;
    }

    private static async Task<double> WatchHealthzAsync(HttpClient http, CancellationToken stop)
    {
        var longest = 0.0;
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            using (await http.GetAsync(new Uri("/healthz", UriKind.Relative), CancellationToken.None))
            {
                longest = Math.Max(longest, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return longest;
    }
}
