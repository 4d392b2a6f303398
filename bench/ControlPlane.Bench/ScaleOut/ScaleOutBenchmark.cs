using System.Globalization;
using ControlPlane.Bench.Hosting;
using ControlPlane.Bench.PlaceE2e;

namespace ControlPlane.Bench.ScaleOut;

/// <summary>
/// The same ingestion and place-e2e load against a Redis-backed cluster of one silo and of three (web front ends
/// co-hosting a silo each, in this process, on one fresh <c>redis-server</c> per measurement), as ratios of three to one.
/// All silos share this machine's cores: the ratio shows what spreading grains over silos costs (remote grain calls are
/// serialized and cross loopback TCP), not what more machines would add.
/// </summary>
public static class ScaleOutBenchmark
{
    private static readonly string[] Settings = ["--ControlPlane:Health:HeartbeatInterval=00:10:00"];

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var result = await MeasureAsync(args.Int("nodes", 3000), args.Int("rounds", 3), args.Int("concurrency", 64), args.Int("operations", 1500), args.Int("clients", 16));
        return result.Passed ? 0 : 1;
    }

    public static async Task<ScaleOutResult> MeasureAsync(int nodes, int rounds, int concurrency, int operations, int clients)
    {
        Console.WriteLine($"scale-out: {nodes} nodes, ingestion ({rounds} rounds, {concurrency} concurrent) and place-e2e ({operations} operations, {clients} clients) on 1 and on 3 silos, Redis on 127.0.0.1");
        var one = await IngestAsync(nodes, 1, rounds, concurrency);
        var three = await IngestAsync(nodes, 3, rounds, concurrency);
        var e2eOne = await E2eAsync(nodes, 1, operations, clients);
        var e2eThree = await E2eAsync(nodes, 3, operations, clients);
        var result = new ScaleOutResult(nodes, one, three, e2eOne, e2eThree);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ingest: 1 silo {one.ReportsPerSecond:F0} reports/s (p99 {one.P99Ms:F1} ms, {one.CpuMicrosecondsPerReport:F0} µs CPU/report), 3 silos {three.ReportsPerSecond:F0} reports/s (p99 {three.P99Ms:F1} ms, {three.CpuMicrosecondsPerReport:F0} µs CPU/report)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"place-e2e: 1 silo {e2eOne.DeploymentsPerSecond:F0} ops/s (p99 {e2eOne.P99Ms:F1} ms), 3 silos {e2eThree.DeploymentsPerSecond:F0} ops/s (p99 {e2eThree.P99Ms:F1} ms)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT scale-out nodes={nodes} ingest_1_per_s={one.ReportsPerSecond:F0} ingest_3_per_s={three.ReportsPerSecond:F0} ingest_ratio={result.IngestRatio:F2} ingest_cpu_us_1={one.CpuMicrosecondsPerReport:F0} ingest_cpu_us_3={three.CpuMicrosecondsPerReport:F0} e2e_1_per_s={e2eOne.DeploymentsPerSecond:F0} e2e_3_per_s={e2eThree.DeploymentsPerSecond:F0} e2e_ratio={result.E2eRatio:F2} e2e_p99_1_ms={e2eOne.P99Ms:F1} e2e_p99_3_ms={e2eThree.P99Ms:F1}"));
        return result;
    }

    private static async Task<ClusterIngestResult> IngestAsync(int nodes, int silos, int rounds, int concurrency)
    {
        await using var redis = await BenchRedis.StartAsync();
        var planes = new List<BenchControlPlane>();
        try
        {
            for (var i = 0; i < silos; i++)
            {
                planes.Add(await BenchControlPlane.StartAsync(redis.ConnectionString, Settings));
            }

            var result = await ClusterIngest.MeasureAsync(planes, nodes, rounds, concurrency);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ingest on {silos} silo(s): {result.ReportsPerSecond:F0} reports/s, p50 {result.P50Ms:F2} ms, p99 {result.P99Ms:F2} ms, {result.CpuMicrosecondsPerReport:F0} µs CPU per report"));
            return result;
        }
        finally
        {
            foreach (var plane in planes.AsEnumerable().Reverse())
            {
                await plane.DisposeAsync();
            }
        }
    }

    private static async Task<PlaceE2eResult> E2eAsync(int nodes, int silos, int operations, int clients)
    {
        await using var redis = await BenchRedis.StartAsync();
        return await PlaceE2eBenchmark.MeasureAsync(nodes, operations, clients, window: 8, redis.ConnectionString, silos);
    }
}
