using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Testing.Prometheus;
using Xunit.Abstractions;

namespace ControlPlane.Web.Tests.Telemetry;

/// <summary>
/// The per-GPU gauges (issue 25) as Prometheus scrapes them: the documented names, one series per GPU per gauge, and
/// labels naming the deployment, pair and role that hold each GPU.
/// </summary>
public sealed class GpuGaugeTests(ITestOutputHelper output)
{
    private const string Pool = "gauged";

    internal static readonly string[] Gauges =
    [
        "controlplane_gpu_utilization_percent", "controlplane_gpu_memory_used_bytes", "controlplane_gpu_memory_total_bytes", "controlplane_gpu_temperature_celsius",
    ];

    private static readonly string[] Labels = ["node", "gpu", "pool", "deployment", "pair", "role"];

    [Fact(Timeout = 180_000)]
    public async Task A_GPU_held_by_a_pair_carries_its_deployment_pair_and_role_a_warm_spares_says_spare_and_a_free_GPU_carries_none()
    {
        using var plane = await MeteredControlPlane.StartAsync();
        var node = $"{Pool}-1";
        await plane.PutProbeAsync(Reports.Steady(node, 1, NodeTemplates.H20) with { Pool = Pool });
        var view = await Eventually.Until(() => plane.PutDeploymentViewAsync("held", Pool, pairs: 2, spares: 1), v => v is not null, attempts: 300);
        Assert.Single(view!.Spares);

        // Holders are read every GaugeInterval: wait until every placed GPU is labelled.
        var placed = view.Pairs.SelectMany(p => new[] { (Pair: Text(p.Index), Role: "prefill", p.Placement.Prefill), (Pair: Text(p.Index), Role: "decode", p.Placement.Decode) })
            .Concat(view.Spares.SelectMany(s => new[] { (Pair: s.Unit!, Role: "spare", s.Placement.Prefill), (Pair: s.Unit!, Role: "spare", s.Placement.Decode) }))
            .SelectMany(r => r.Item3.GpuIndices.Select(g => (Gpu: Text(g), r.Pair, r.Role)))
            .ToArray();
        output.WriteLine($"placed: {string.Join(", ", placed)}");
        var series = await Eventually.Until(async () => ExposedSeries.Parse(await plane.ScrapeAsync()).Where(s => s.Name == Gauges[0]).ToArray(),
            s => placed.All(p => s.Any(x => x["gpu"] == p.Gpu && x["deployment"] == "held")), attempts: 300);
        foreach (var s in series.OrderBy(s => s["gpu"], StringComparer.Ordinal))
        {
            output.WriteLine($"{s.Name}{{{string.Join(',', Labels.Select(l => $"{l}=\"{s[l]}\""))}}} {s.Value}");
        }

        Assert.Equal(NodeTemplates.H20.GpuNuma.Length, series.Length);
        Assert.All(series, s => Assert.Equal((node, Pool), (s["node"], s["pool"])));
        foreach (var (gpu, pair, role) in placed)
        {
            var held = Assert.Single(series, s => s["gpu"] == gpu);
            Assert.Equal(("held", pair, role), (held["deployment"], held["pair"], held["role"]));
        }

        var free = series.Where(s => placed.All(p => p.Gpu != s["gpu"])).ToArray();
        Assert.NotEmpty(free);
        Assert.All(free, s => Assert.Equal(("", "", ""), (s["deployment"], s["pair"], s["role"])));

        // Deleted, its GPUs read free again and the series labelled with it leave the scrape (still one series per GPU).
        using (var deleted = await plane.Client.DeleteAsync(new Uri("/api/v1/deployments/held", UriKind.Relative)))
        {
            Assert.True(deleted.IsSuccessStatusCode, $"DELETE answered {deleted.StatusCode}");
        }

        var after = await Eventually.Until(async () => ExposedSeries.Parse(await plane.ScrapeAsync()).Where(s => s.Name == Gauges[0]).ToArray(),
            s => s.All(x => x["deployment"] == ""), attempts: 300);
        Assert.Equal(NodeTemplates.H20.GpuNuma.Length, after.Length);
    }

    [Fact(Timeout = 180_000)]
    public async Task The_per_GPU_gauges_go_out_over_OTLP_too_with_their_holder_labels()
    {
        await using var receiver = await OtlpReceiver.StartAsync();

        // OpenTelemetry reads OTEL_* from the host's configuration, which the command line feeds as it feeds the admin key.
        using var plane = await MeteredControlPlane.StartAsync($"--ControlPlane:Telemetry:Otlp={receiver.Address}",
            "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf", "--OTEL_METRIC_EXPORT_INTERVAL=1000");
        var node = $"{Pool}-otlp";
        await plane.PutProbeAsync(Reports.Steady(node, 1, NodeTemplates.H20) with { Pool = Pool });
        await Eventually.Until(() => plane.PutDeploymentAsync("exported", Pool, 1), p => p is not null, attempts: 300);

        string[] expected = ["controlplane.gpu.utilization", "controlplane.gpu.memory.used", "controlplane.gpu.memory.total", "controlplane.gpu.temperature", node, "exported", "prefill", "decode"];
        var received = await Eventually.Until(() => Task.FromResult(receiver.Received(expected)), r => r, attempts: 60, delayMs: 500);
        output.WriteLine($"{receiver.Requests} OTLP requests received at {receiver.Address}; one carried {string.Join(", ", expected)}");
        Assert.True(received);
    }

    [Fact(Timeout = 600_000)]
    public async Task At_10000_simulated_nodes_the_scrape_holds_one_series_per_GPU_per_gauge_and_no_more()
    {
        const int Nodes = 10_000;
        using var plane = await MeteredControlPlane.StartAsync("--ControlPlane:Simulator:Enabled=true", $"--ControlPlane:Simulator:Nodes={Nodes}",
            "--ControlPlane:Simulator:Interval=00:00:20", "--ControlPlane:Telemetry:GaugeInterval=00:00:02");

        // Every simulated node has reported (the fleet gauge counts them) and each of its GPUs is in every gauge.
        var (scrape, series) = await Eventually.Until(async () =>
        {
            var text = await plane.ScrapeAsync();
            return (text, ExposedSeries.Parse(text));
        }, s => Sum(s.Item2, "controlplane_nodes") == Nodes && Gauges.All(g => s.Item2.Count(x => x.Name == g) == Sum(s.Item2, "controlplane_gpus")), attempts: 120, delayMs: 2000);

        var gpus = Sum(series, "controlplane_gpus");
        output.WriteLine($"nodes {Nodes}, GPUs {gpus}, scrape {scrape.Length / 1024 / 1024.0:0.0} MiB, {series.Count} series in all");
        foreach (var gauge in Gauges)
        {
            var of = series.Where(s => s.Name == gauge).ToArray();
            output.WriteLine($"{gauge}: {of.Length} series ({of.Select(s => (s["node"], s["gpu"])).Distinct().Count()} distinct node/gpu)");
            Assert.Equal(gpus, of.Length);
            Assert.Equal(of.Length, of.Select(s => (s["node"], s["gpu"])).Distinct().Count());
            Assert.All(of, s => Assert.Equal(Labels.Order(StringComparer.Ordinal), s.Labels.Keys.Where(k => !k.StartsWith("otel_", StringComparison.Ordinal)).Order(StringComparer.Ordinal)));
        }

        var gpuSeries = series.Count(s => s.Name.StartsWith("controlplane_gpu_", StringComparison.Ordinal));
        output.WriteLine($"per-GPU series: {gpuSeries} = 4 x {gpus}");
        Assert.Equal(4 * gpus, gpuSeries);
        Assert.DoesNotContain(series, s => s.Labels.ContainsKey("otel_metric_overflow"));
    }

    private static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static long Sum(IReadOnlyList<ExposedSeries> series, string name) => (long)series.Where(s => s.Name == name).Sum(s => s.Value);
}
