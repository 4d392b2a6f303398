using System.Globalization;
using ControlPlane.Placement;
using ControlPlane.Simulation;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Bench.PlaceNvl72;

/// <summary>
/// Placement quality on GB200 NVL72 racks (<see cref="NodeTemplates.Gb200"/>: 18 trays of 4 GPUs per rack, one NVLink
/// domain per rack): Llama-3.1-70B TP4+TP4 pairs, one plan at a time until the racks are full, by this engine and by the
/// same engine blind to domains (the nodes' <c>NvlinkDomain</c> cleared, as placement was before domains). A TP4+TP4 pair
/// cannot fit one 4-GPU tray, so its best tier is two trays of one domain; blind, it goes over a 400 Gb/s NIC. Prints the
/// share placed on the domain tier and the estimated KV-transfer time of a 4k-token prompt (KvPath's model).
/// Placement's pure core, in-process: this measures where pairs land, not how fast (place and place-e2e do that).
/// </summary>
public static class PlaceNvl72Benchmark
{
    public static Task<int> RunAsync(BenchArgs args)
    {
        var racks = args.Int("racks", 2);
        Console.WriteLine($"place-nvl72: llama-3.1-70b TP4+TP4 pairs on {racks} GB200 NVL72 racks ({racks * 18} trays, {racks * 72} GPUs), domain-aware vs domain-blind, in-process");
        var aware = Fill(Fleet(racks, blind: false));
        var blind = Fill(Fleet(racks, blind: true));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT place-nvl72 pairs={aware.Pairs} best_tier_pct={aware.BestPct:F1} blind_best_tier_pct={blind.BestPct:F1} kv_ms_p50={aware.KvMsP50:F2} blind_kv_ms_p50={blind.KvMsP50:F2} blind_pairs={blind.Pairs}"));
        return Task.FromResult(aware.Pairs > 0 ? 0 : 1);
    }

    private static PlacementNode[] Fleet(int racks, bool blind)
    {
        var now = DateTimeOffset.UtcNow;
        var random = new Random(7);
        return
        [
            .. Enumerable.Range(0, racks).SelectMany(r => Enumerable.Range(0, 18).Select(t =>
            {
                var report = new SimulatedNode($"nvl72-r{r}-t{t:D2}", NodeTemplates.Gb200, NodeTemplates.Gb200.Versions, $"nvl72-rack-{r}").NextReport(now, random);
                var view = PlacementNodeFactory.From(report, report.Gpus.ToDictionary(g => g.Uuid, _ => HealthStatus.Healthy), new Dictionary<int, string>(), HealthStatus.Healthy, Readiness.Ready, false, 1);
                return blind ? view with { NvlinkDomain = null } : view;
            })),
        ];
    }

    private static (int Pairs, double BestPct, double KvMsP50) Fill(PlacementNode[] fleet)
    {
        var spec = new DeploymentSpec
        {
            Model = "llama-3.1-70b",
            Image = new ImageSpec { Name = "vllm/vllm-openai:bench", ComputeCapabilities = ["10.0"], Cuda = "12.8" },
            Prefill = new ReplicaSpec { Tp = 4 },
            Decode = new ReplicaSpec { Tp = 4 },
            TransferPolicy = "prefer-nvlink",
        };
        var model = ModelCatalog.Resolve(spec)!;
        var index = new CapacityIndex(fleet);
        var engine = new PlacementEngine();
        var kvMs = new List<double>();
        var best = 0;
        for (var i = 0; i < fleet.Length; i++)
        {
            var plan = engine.Plan(spec, model, index);
            if (!plan.Complete)
            {
                break;
            }

            var pair = plan.Pairs[0];
            index.Allocate(pair, $"bench/{i}/");
            kvMs.Add(pair.EstimatedKvTransferMs);
            best += pair.Tier == "nvlink-domain" ? 1 : 0;
        }

        kvMs.Sort();
        return (kvMs.Count, kvMs.Count == 0 ? 0 : 100.0 * best / kvMs.Count, kvMs.Count == 0 ? double.NaN : kvMs[kvMs.Count / 2]);
    }
}
