using System.Globalization;
using ControlPlane.Bench.Hosting;
using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Gpus;
using ControlPlane.Contracts.Nics;
using ControlPlane.Simulation;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Identity;

namespace ControlPlane.Bench.Memory;

/// <summary>
/// Managed-heap growth per grain activation, one kind at a time, in an embedded control plane: a full, compacting GC
/// before and after activating every grain of one kind, the difference divided by their count. The order keeps each
/// kind's figure its own: GPU and NIC grains first (as a node grain tells them), then node grains (their GPUs and NICs
/// are active already), then one-pair deployments through HTTP (the deployment grain, its pair grain, its directory
/// entry, the node grains' reservations), then pair grains alone (copies of those pairs under new keys); the deployment
/// figure is its growth less a pair's.
/// </summary>
public static class GrainMemoryBenchmark
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        await MeasureAsync(args.Int("nodes", 2000), args.Int("deployments", 1000));
        return 0;
    }

    public static async Task<GrainMemoryResult> MeasureAsync(int nodes, int deployments)
    {
        Console.WriteLine($"grain-memory: {nodes} nodes (their GPUs and NICs), {deployments} one-pair deployments, embedded control plane on 127.0.0.1");
        await using var plane = await BenchControlPlane.StartAsync(null, "--ControlPlane:Health:HeartbeatInterval=00:10:00");
        var grains = plane.Grains;
        var fleet = new SimulatedFleet(nodes);
        var now = DateTimeOffset.UtcNow;
        var random = new Random(42);
        var reports = fleet.Nodes.Select(n => n.NextReport(now, random)).ToArray();
        var options = new ParallelOptions { MaxDegreeOfParallelism = 32 };

        var gpus = reports.SelectMany(r => r.Gpus.Select(g => (r.Node, Gpu: g))).ToArray();
        var gpuBytes = await GrowthAsync(gpus.Length, () => Parallel.ForEachAsync(gpus, options, async (g, _) =>
            await grains.GetGrain<IGpuGrain>(g.Gpu.Uuid).ObserveAsync(new GpuObservation
            {
                Node = g.Node, Index = g.Gpu.Index, Model = g.Gpu.Model, PciBusId = g.Gpu.PciBusId, Health = DeviceHealth.Healthy, At = now,
            })));
        var nics = reports.SelectMany(r => r.Nics.Select(n => (r.Node, Nic: n))).ToArray();
        var nicBytes = await GrowthAsync(nics.Length, () => Parallel.ForEachAsync(nics, options, async (n, _) =>
            await grains.GetGrain<INicGrain>(NicKey.Of(n.Node, n.Nic.Device, n.Nic.Port)).ObserveAsync(new NicObservation
            {
                Report = n.Nic, Health = DeviceHealth.Healthy, At = now,
            })));
        var nodeBytes = await GrowthAsync(nodes, () => plane.RegisterAsync(fleet, concurrency: 32));

        using var http = plane.Client(16);
        var names = Enumerable.Range(0, deployments).Select(i => string.Create(CultureInfo.InvariantCulture, $"mem-{i:D5}")).ToArray();
        var deploymentAndPairBytes = await GrowthAsync(deployments, () => OnePairDeployments.CreateAsync(http, names));
        var pairs = new List<PairView>();
        foreach (var name in names)
        {
            pairs.AddRange((await grains.GetGrain<IModelDeploymentGrain>(name).GetAsync())?.Pairs ?? []);
        }

        var pairBytes = await GrowthAsync(pairs.Count, () => Parallel.ForEachAsync(pairs, options, async (p, _) =>
        {
            var copy = p with { Id = $"copy-{p.Id}" };
            await grains.GetGrain<IPdPairGrain>(copy.Id).RecordAsync(copy);
        }));

        var result = new GrainMemoryResult(nodes, nodeBytes, gpus.Length, gpuBytes, nics.Length, nicBytes, deployments, deploymentAndPairBytes - pairBytes, pairBytes);
        Print(result, pairs.Count);
        return result;
    }

    private static void Print(GrainMemoryResult r, int pairs)
    {
        Console.WriteLine("| grain kind | activated | managed heap per activation |");
        Console.WriteLine("|---|---|---|");
        foreach (var (kind, count, bytes) in new[]
        {
            ("node (NodeGrain)", r.Nodes, r.NodeBytes), ("GPU (GpuGrain)", r.Gpus, r.GpuBytes), ("NIC (NicGrain)", r.Nics, r.NicBytes),
            ("deployment (ModelDeploymentGrain, less its pair)", r.Deployments, r.DeploymentBytes), ("pair (PdPairGrain)", pairs, r.PairBytes),
        })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {kind} | {count} | {bytes:N0} bytes ({bytes / 1024.0:F1} KiB) |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT grain-memory node_bytes={r.NodeBytes} gpu_bytes={r.GpuBytes} nic_bytes={r.NicBytes} deployment_bytes={r.DeploymentBytes} pair_bytes={r.PairBytes}"));
    }

    /// <summary>Heap growth per item across <paramref name="activate"/>, after one-way calls it started have settled.</summary>
    private static async Task<long> GrowthAsync(int count, Func<Task> activate)
    {
        var before = SettledHeap();
        await activate();
        await Task.Delay(TimeSpan.FromSeconds(2));
        return count == 0 ? 0 : (SettledHeap() - before) / count;
    }

    private static long SettledHeap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
