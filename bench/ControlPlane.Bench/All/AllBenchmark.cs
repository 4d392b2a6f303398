using System.Diagnostics;
using ControlPlane.Bench.ColdStart;
using ControlPlane.Bench.Failover;
using ControlPlane.Bench.Ingest;
using ControlPlane.Bench.Memory;
using ControlPlane.Bench.Place;
using ControlPlane.Bench.PlaceE2e;
using ControlPlane.Bench.Portal;
using ControlPlane.Bench.ScaleOut;

namespace ControlPlane.Bench.All;

/// <summary>
/// Every benchmark one after another, composed from their result objects: ingest and place-e2e at three fleet sizes
/// (the throughput chart), place, grain-memory, failover, cold-start, scale-out and portal. A benchmark that throws is
/// noted and the rest still run. Prints the table and writes <c>bench/results/&lt;date&gt;.md</c> with SVG charts.
/// </summary>
public static class AllBenchmark
{
    public static async Task<int> RunAsync(bool quick)
    {
        var sizes = quick ? AllSizes.Quick : AllSizes.Full;
        var r = new AllResults(sizes);
        Console.WriteLine($"all ({sizes.Name}): fleet sizes {string.Join(", ", sizes.FleetSizes)}; every load to 127.0.0.1 only");
        var clock = Stopwatch.StartNew();
        await StepAsync(r, "place", () => Task.FromResult(r.Place = PlaceBenchmark.Measure(sizes.PlaceNodes, seed: 42)));
        await StepAsync(r, "grain-memory", async () => r.GrainMemory = await GrainMemoryBenchmark.MeasureAsync(sizes.MemoryNodes, sizes.MemoryDeployments));
        foreach (var nodes in sizes.FleetSizes)
        {
            await StepAsync(r, $"ingest {nodes}", async () => r.Ingest.Add(await IngestBenchmark.MeasureAsync(nodes, sizes.IngestRounds, concurrency: 64)));
        }

        foreach (var nodes in sizes.FleetSizes)
        {
            await StepAsync(r, $"place-e2e {nodes}", async () => r.PlaceE2e.Add(await PlaceE2eBenchmark.MeasureAsync(nodes, sizes.E2eOperations, PlaceE2eBenchmark.TargetClients, window: 8)));
        }

        // The same path saturated: more clients buy throughput with queueing (on 2 cores), which the target point avoids.
        var largest = sizes.FleetSizes.Max();
        await StepAsync(r, $"place-e2e {largest} saturated", async () => r.PlaceE2eSaturated = await PlaceE2eBenchmark.MeasureAsync(largest, sizes.E2eOperations, concurrency: 16, window: 8));

        await StepAsync(r, "failover", async () => r.Failover = await FailoverBenchmark.MeasureAsync(sizes.FailoverNodes, sizes.FailoverIncidents, concurrency: 16));
        await StepAsync(r, "cold-start", async () => r.ColdStart = await ColdStartBenchmark.MeasureAsync(sizes.ColdStartNodes, sizes.ColdStartDeployments, sizes.ColdStartJitterSeconds));
        await StepAsync(r, "scale-out", async () => r.ScaleOut = await ScaleOutBenchmark.MeasureAsync(sizes.ScaleOutNodes, rounds: 2, concurrency: 64, sizes.ScaleOutOperations, clients: 16));
        await StepAsync(r, "portal", async () => r.Portal = await PortalBenchmark.MeasureAsync(sizes.PortalNodes, sizes.PortalRounds, settleSeconds: 300, TimeSpan.FromSeconds(sizes.PortalIntervalSeconds)));
        r.Elapsed = clock.Elapsed;
        NoteUnpassed(r);

        var table = ResultsTable.Figures(r);
        var memory = ResultsTable.Memory(r);
        Console.WriteLine();
        Console.Write(table);
        Console.WriteLine();
        Console.Write(memory);
        foreach (var failure in r.Failures)
        {
            Console.WriteLine($"failed: {failure}");
        }

        var path = ResultsFile.Write(r, table, memory);
        Console.WriteLine($"all: {r.Elapsed.TotalMinutes:F1} min; results and charts in {path}");
        return r.Failures.Count == 0 ? 0 : 1;
    }

    /// <summary>A verb that ran to its end but failed operations or broke an invariant is a failure of the run, as its exit code would be.</summary>
    private static void NoteUnpassed(AllResults r)
    {
        foreach (var e in (r.PlaceE2eSaturated is { } saturated ? [.. r.PlaceE2e, saturated] : r.PlaceE2e).Where(e => !e.Passed))
        {
            r.Failures.Add($"place-e2e {e.Nodes} ({e.Concurrency} clients): {e.Failed} operations failed, {e.DoubleAllocations} double allocations, {e.OrphanedGpus} orphaned GPUs");
        }

        if (r.ScaleOut is { Passed: false } s)
        {
            r.Failures.Add($"scale-out place-e2e: {s.E2eOne.Failed} operations failed on 1 silo, {s.E2eThree.Failed} on 3; invariants {s.E2eOne.DoubleAllocations + s.E2eOne.OrphanedGpus} and {s.E2eThree.DoubleAllocations + s.E2eThree.OrphanedGpus}");
        }

        if (r.Failover is { Passed: false } f)
        {
            r.Failures.Add($"failover: {f.Failed} incidents failed, {f.DoubleAllocations} double allocations, {f.OrphanedGpus} orphaned GPUs");
        }

        if (r.ColdStart is { Passed: false } c)
        {
            r.Failures.Add($"cold-start: ready {c.ReadySeconds:F1} s, {c.ServerErrors} 5xx, {c.DoubleAllocations} double allocations, {c.OrphanedGpus} orphaned GPUs");
        }

        if (r.Portal is { Passed: false } p)
        {
            r.Failures.Add(double.IsNaN(p.FirstScreenMs)
                ? $"portal: the {p.Nodes} simulated nodes did not all reach the portal's fleet snapshot within the settle time"
                : $"portal: first screen {p.FirstScreenMs:F0} ms (limit 2,000 ms)");
        }
    }

    private static async Task StepAsync(AllResults r, string name, Func<Task> step)
    {
        Console.WriteLine($"--- {name}");
        var clock = Stopwatch.StartNew();
        try
        {
            await step();
        }
        catch (Exception e)
        {
            r.Failures.Add($"{name}: {e.GetType().Name}: {e.Message}");
            Console.Error.WriteLine($"{name} failed: {e}");
        }

        r.Durations[name] = clock.Elapsed;

        // Each benchmark's control plane is gone: its grains should not count against the next one's heap.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }
}
