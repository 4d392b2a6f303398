using System.Diagnostics;
using System.Globalization;
using ControlPlane.Bench.Place.Baselines;
using ControlPlane.Placement;
using ControlPlane.Simulation;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Bench.Place;

/// <summary>
/// Fills simulated fleets (1,000 and N nodes, every template) with Qwen2.5-72B pairs, TP2+TP2 and
/// TP4+TP4 at random, one plan at a time, until 90 % of the GPUs that can take them are allocated,
/// for the engine and the two baselines on separate copies of the fleet, in this process. Before
/// each pair an independent oracle (plain scan of the placement views, not the engine's index) says
/// the best tier the fleet can still offer; a pair "got the best tier" when its tier equals it.
/// </summary>
public static class PlaceBenchmark
{
    private static readonly string[] Capabilities = ["8.0", "9.0"];

    public static Task<int> RunAsync(BenchArgs args)
    {
        Measure(args.Int("nodes", 10_000), args.Int("seed", 42));
        return Task.FromResult(0);
    }

    /// <summary>The last (largest) fleet's outcome; the 1,000-node one is printed only.</summary>
    public static PlaceResult Measure(int nodes, int seed)
    {
        Console.WriteLine($"place: qwen2.5-72b pairs (TP2+TP2 | TP4+TP4, prefer-nvlink), fleets of 1000 and {nodes} nodes, filled to 90 %, in-process");
        PlaceResult? last = null;
        foreach (var size in new[] { 1000, nodes }.Distinct())
        {
            last = RunFleet(size, seed);
        }

        var o = last!;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT place nodes={o.Nodes} pairs_per_s={o.Engine.PerSecond:F0} p50_ms={o.Engine.P50:F3} p99_ms={o.Engine.P99:F3} best_tier_pct={o.Engine.BestPct:F1} firstfit_best_tier_pct={o.FirstFit.BestPct:F1} deviceplugin_best_tier_pct={o.DevicePlugin.BestPct:F1} frag_tp4={o.Engine.FreeTp4} firstfit_frag_tp4={o.FirstFit.FreeTp4} deviceplugin_frag_tp4={o.DevicePlugin.FreeTp4} frag_tp8={o.Engine.FreeTp8} firstfit_frag_tp8={o.FirstFit.FreeTp8} deviceplugin_frag_tp8={o.DevicePlugin.FreeTp8} pairs={o.Engine.Pairs}"));
        return o;
    }

    private static PlaceResult RunFleet(int size, int seed)
    {
        var fleet = new SimulatedFleet(size);
        var now = DateTimeOffset.UtcNow;
        var random = new Random(seed);
        var views = fleet.Nodes.Select(n =>
        {
            var report = n.NextReport(now, random);
            return PlacementNodeFactory.From(report, report.Gpus.ToDictionary(g => g.Uuid, _ => HealthStatus.Healthy), new Dictionary<int, string>(), HealthStatus.Healthy, Readiness.Ready, false, 1);
        }).ToArray();

        // A fleet serves several models: Qwen2.5-72B at TP2 and TP4, Llama-3.1-8B at TP1.
        var specs = new[] { Spec(2), Spec(4), Spec(1, "llama-3.1-8b") };
        var models = specs.Select(s => ModelCatalog.Resolve(s)!).ToArray();
        var sequence = new Random(seed);
        var order = Enumerable.Range(0, size * 6).Select(_ => sequence.Next(specs.Length)).ToArray();
        var eligibleGpus = views.Where(v => v.Gpus.Length >= 4 && Capabilities.Contains(v.ComputeCapability)).Sum(v => v.Gpus.Length);
        Console.WriteLine($"fleet {size} nodes: {views.Sum(v => v.Gpus.Length)} GPUs, {eligibleGpus} on nodes that can take a TP4 qwen replica; target 90 % of those");

        var engine = new PlacementEngine();
        var engineRun = Fill("engine", views, specs, models, order, eligibleGpus, (spec, model, index) =>
        {
            var plan = engine.Plan(spec, model, index);
            return plan.Complete ? plan.Pairs[0] : null;
        });
        var firstFit = new FirstFitPlacer();
        var ffRun = Fill("first-fit", views, specs, models, order, eligibleGpus, (spec, model, index) => firstFit.Place(spec, model, index));
        var devicePlugin = new DevicePluginPlacer(seed);
        var dpRun = Fill("device-plugin", views, specs, models, order, eligibleGpus, (spec, model, index) => devicePlugin.Place(spec, model, index));
        return new PlaceResult(size, engineRun, ffRun, dpRun);
    }

    private static DeploymentSpec Spec(int tp, string model = "qwen2.5-72b") => new()
    {
        Model = model,
        Image = new ImageSpec { Name = "lmsysorg/sglang:bench", ComputeCapabilities = Capabilities, Cuda = "12.2" },
        Prefill = new ReplicaSpec { Tp = tp },
        Decode = new ReplicaSpec { Tp = tp },
        TransferPolicy = "prefer-nvlink",
    };

    private static PlacerRun Fill(string name, PlacementNode[] views, DeploymentSpec[] specs, ModelSpec[] models, int[] order, int eligibleGpus,
        Func<DeploymentSpec, ModelSpec, CapacityIndex, PairPlacement?> place)
    {
        var index = new CapacityIndex(views);
        var oracle = new Oracle(views, specs, models);
        var latencies = new Latencies(order.Length);
        var tiers = new Dictionary<string, int>(StringComparer.Ordinal);
        var allocated = 0;
        var best = 0;
        var pairs = 0;
        var failures = 0;
        var refused = 0;
        var busy = TimeSpan.Zero;
        var clock = new Stopwatch();
        var placed = new List<(string Owner, PairPlacement Pair, int Gpus)>();
        var i = 0;

        // Fill to 90 %, let a third of the deployments go (fleets churn), and fill to 90 % again: the
        // holes the departures leave are where a placer either keeps NVLink islands whole or not.
        Fill(0.9);
        var churn = new Random(1234);
        foreach (var gone in placed.Where(_ => churn.NextDouble() < 1.0 / 3).ToArray())
        {
            index.Release(gone.Pair.Prefill.Node, gone.Owner);
            index.Release(gone.Pair.Decode.Node, gone.Owner);
            oracle.Update(index.Find(gone.Pair.Prefill.Node)!);
            oracle.Update(index.Find(gone.Pair.Decode.Node)!);
            allocated -= gone.Gpus;
            placed.Remove(gone);
        }

        failures = 0;
        Fill(0.9);

        void Fill(double target)
        {
            for (; i < order.Length && allocated < eligibleGpus * target && failures < 200; i++)
            {
                var which = order[i];
                var spec = specs[which];
                var bestAvailable = oracle.BestTier(which);
                clock.Restart();
                var pair = place(spec, models[which], index);
                var owner = $"{name}/{i}/";
                if (pair is not null)
                {
                    index.Allocate(pair, owner);
                }

                clock.Stop();
                latencies.Add(clock.Elapsed.TotalMilliseconds);
                busy += clock.Elapsed;
                if (pair is null)
                {
                    failures++;
                    refused++;
                    continue;
                }

                failures = 0;
                pairs++;
                var gpus = spec.Prefill.Tp + spec.Decode.Tp;
                allocated += gpus;
                placed.Add((owner, pair, gpus));
                tiers[pair.Tier] = tiers.GetValueOrDefault(pair.Tier) + 1;
                best += pair.Tier == bestAvailable ? 1 : 0;
                oracle.Update(index.Find(pair.Prefill.Node)!);
                oracle.Update(index.Find(pair.Decode.Node)!);
            }
        }

        var run = new PlacerRun(pairs, (latencies.Count) / busy.TotalSeconds, latencies.Percentile(50), latencies.Percentile(99),
            pairs == 0 ? 0 : 100.0 * best / pairs, Fragmentation.FreeNvLinkGroups(index, 4), Fragmentation.FreeNvLinkGroups(index, 8));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {name,-13} {pairs} pairs ({allocated * 100.0 / eligibleGpus:F1} % of eligible GPUs, {refused} refused): {run.PerSecond:F0} plans/s, p50 {run.P50:F3} ms, p99 {run.P99:F3} ms, best tier {run.BestPct:F1} %, tiers {string.Join(' ', tiers.OrderBy(t => t.Key).Select(t => $"{t.Key}={t.Value}"))}, free NVLink groups TP4={run.FreeTp4} TP8={run.FreeTp8}"));
        return run;
    }
}
