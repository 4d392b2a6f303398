using System.Globalization;
using ControlPlane.Bench.Hosting;
using ControlPlane.Bench.Ingest;
using ControlPlane.Bench.PlaceE2e;

namespace ControlPlane.Bench.ScaleOut;

/// <summary>
/// The load generator of <c>scale-out-processes</c>, a process of its own on its own cores: steady ingestion spread over
/// every front end, then place-e2e with its clients spread over them, its oracle and invariants read through an Orleans
/// client of the cluster. It announces phases and results on stdout (<see cref="IngestProtocol"/>, and an <c>E2E</c> line).
/// </summary>
public static class ProcessScaleOutDriver
{
    public const string Verb = "scale-out-drive";

    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchArgs.Parse(args);
        Uri[] urls = [.. options.Text("urls", "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(u))];
        var redis = options.Text("redis", "");
        var (nodes, rounds, concurrency) = (options.Int("nodes", 3000), options.Int("rounds", 3), options.Int("concurrency", 64));
        var (operations, clients, window) = (options.Int("operations", 1500), options.Int("clients", 16), options.Int("window", 8));

        await using var cluster = await BenchClusterClient.StartAsync(redis);
        var ingestClients = urls.Select(u => BenchControlPlane.ClientOf(u, concurrency)).ToArray();
        var e2eClients = urls.Select(u => BenchControlPlane.ClientOf(u, clients)).ToArray();
        try
        {
            var ingest = await ClusterIngest.DriveAsync(ingestClients, nodes, rounds, concurrency, phase => IngestProtocol.Phase($"ingest-{phase}"));
            IngestProtocol.Stat("ingest", ingest.Latencies, ingest.Elapsed);

            IngestProtocol.Phase("settle");
            await Task.Delay(TimeSpan.FromSeconds(2)); // the pools' fleet indexes hear of the nodes one-way
            var e2e = await PlaceE2eBenchmark.DriveAsync(cluster.Grains, inProcess: null, e2eClients, nodes, operations, clients, window, () => IngestProtocol.Phase("place-e2e"));
            IngestProtocol.Phase("done");
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"E2E {e2e.DeploymentsPerSecond:R} {e2e.P50Ms:R} {e2e.P99Ms:R} {e2e.Failed} {e2e.DoubleAllocations} {e2e.OrphanedGpus}"));
            return 0;
        }
        finally
        {
            foreach (var client in ingestClients.Concat(e2eClients))
            {
                client.Dispose();
            }
        }
    }
}
