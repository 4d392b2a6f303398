using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Tests.Shared;
using ControlPlane.Web.Apis;
using ControlPlane.Web.Tests.Apis;
using ControlPlane.Web.Tests.Hosting;
using ControlPlane.Wire.Deployments;
using Xunit.Abstractions;

namespace ControlPlane.Web.Tests.Telemetry;

/// <summary>
/// What Prometheus scrapes from a control plane started as its own process (one host per process, as in production: the
/// meter is process-wide, so control planes hosted side by side in the test process would mix their gauges): the
/// serving gauges count what the API shows, and every series the shipped alert rules (deploy/monitoring) query exists.
/// </summary>
public sealed partial class MetricsEndpointTests(ITestOutputHelper output)
{
    private const string Pool = "metrics";

    [Fact(Timeout = 120_000)]
    public async Task The_scrape_counts_deployments_pairs_nodes_and_incidents_and_has_every_series_the_alert_rules_query()
    {
        var url = $"http://127.0.0.1:{FreePorts.Next()}";
        using var process = ProgramProcess.Start(BuiltProgram.Web,
            $"--urls={url}", $"--ControlPlane:Silo:Port={FreePorts.Next()}", $"--ControlPlane:Silo:GatewayPort={FreePorts.Next()}",
            $"--CONTROLPLANE_ADMIN_KEY={RunningControlPlane.AdminKey}", "--ControlPlane:Simulator:Enabled=false",
            "--ControlPlane:Telemetry:Prometheus=true", "--ControlPlane:Telemetry:GaugeInterval=00:00:00.200");
        using var client = new HttpClient { BaseAddress = new Uri(url) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", RunningControlPlane.AdminKey);
        await Eventually.Until(() => ControlPlaneHttp.HealthyAsync(client), ok => ok, attempts: 300);

        // One node: once a fatal XID takes a GPU, the replacement fits nowhere and the incident stays unfinished
        // (NeedsAttention) instead of recovering before a scrape sees it.
        await ControlPlaneHttp.PutProbeAsync(client, Reports.Steady($"{Pool}-1", 1, NodeTemplates.H20) with { Pool = Pool });

        var pairs = await Eventually.Until(() => PutDeploymentAsync(client, "metered", 2), p => p is not null);
        var sickPair = pairs![0].Placement.Prefill;
        // A fatal XID on the GPU a prefill holds: a hardware incident opens for its pair.
        await ControlPlaneHttp.PutProbeAsync(client, Reports.WithXid(Reports.Steady(sickPair.Node, 2, NodeTemplates.H20) with { Pool = Pool }, gpu: sickPair.GpuIndices[0], xid: 79));

        // The exporter adds otel_scope_name (and orders labels its own way): series are matched label by label.
        var scrape = await Eventually.Until(() => ScrapeAsync(client), s => Has(s, "controlplane_deployments", "status=\"") && OpenIncident().IsMatch(s), attempts: 300);
        output.WriteLine(string.Join('\n', scrape.Split('\n').Where(l => l.StartsWith("controlplane_", StringComparison.Ordinal) && !l.Contains("_bucket", StringComparison.Ordinal))));

        Assert.True(Has(scrape, "controlplane_pairs", "tier=\"nvlink\""), "no controlplane_pairs on nvlink");
        Assert.True(Has(scrape, "controlplane_nodes", "health=\""), "no controlplane_nodes");
        Assert.Matches(@"controlplane_probe_reports_total\{[^}]*outcome=""accepted""[^}]*\} 2", scrape);
        var exported = Series().Matches(scrape).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var queried = RuleMetrics().ToList();
        Assert.Equal(
            [
                "controlplane_agent_silent_nodes", "controlplane_deployments", "controlplane_gpu_memory_total_bytes", "controlplane_gpu_memory_used_bytes",
                "controlplane_gpu_temperature_celsius", "controlplane_gpu_utilization_percent", "controlplane_incidents_open", "controlplane_nodes",
                "controlplane_pairs", "controlplane_probe_reports_total", "controlplane_reservations_orphans_released_total", "controlplane_version_drift_nodes",
            ],
            queried.Order(StringComparer.Ordinal));

        // The per-GPU gauges (controlplane_gpu_*) are the per-GPU exporter's, checked by its own tests; the rest are here.
        Assert.All(queried.Where(m => !m.StartsWith("controlplane_gpu_", StringComparison.Ordinal)),
            metric => Assert.True(exported.Contains(metric), $"the alert rules query {metric}, which /metrics does not export"));
    }

    /// <summary>The deployment's pairs once it is placed; null while the fleet index has not heard of the nodes yet (409).</summary>
    private static async Task<PairView[]?> PutDeploymentAsync(HttpClient client, string name, int pairs)
    {
        using var response = await client.PutAsJsonAsync(new Uri($"/api/v1/deployments/{name}", UriKind.Relative),
            DeploymentCalls.Spec(Pool, model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, pairs: pairs), ApiJson.Options);
        return response.StatusCode == HttpStatusCode.OK ? (await response.Content.ReadFromJsonAsync<DeploymentView>(ApiJson.Options))!.Pairs : null;
    }

    private static async Task<string> ScrapeAsync(HttpClient client) => await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));

    /// <summary>A series of <paramref name="metric"/> carrying every one of <paramref name="labels"/>.</summary>
    private static bool Has(string scrape, string metric, params string[] labels) =>
        scrape.Split('\n').Any(line => line.StartsWith(metric + "{", StringComparison.Ordinal) && labels.All(l => line.Contains(l, StringComparison.Ordinal)));

    /// <summary>The metric names in the rules' expressions.</summary>
    private static IEnumerable<string> RuleMetrics() =>
        File.ReadAllLines(Path.Combine(FixtureFiles.RepositoryRoot, "deploy", "monitoring", "controlplane-rules.yaml"))
            .Select(l => l.Trim()).Where(l => l.StartsWith("expr: ", StringComparison.Ordinal))
            .SelectMany(e => RuleMetric().Matches(e).Select(m => m.Value)).Distinct(StringComparer.Ordinal);

    [GeneratedRegex(@"^(controlplane_[a-z_]+)[{ ]", RegexOptions.Multiline)]
    private static partial Regex Series();

    [GeneratedRegex(@"\bcontrolplane_[a-z_]+")]
    private static partial Regex RuleMetric();

    [GeneratedRegex(@"controlplane_incidents_open\{(?=[^}]*kind=""Hardware"")(?=[^}]*state=""(Open|Mitigated|NeedsAttention)"")[^}]*\} 1")]
    private static partial Regex OpenIncident();
}
