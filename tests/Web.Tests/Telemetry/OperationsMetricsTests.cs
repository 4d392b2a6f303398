using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Tests.Shared;
using ControlPlane.Web.Apis;
using ControlPlane.Web.Tests.Apis;
using ControlPlane.Web.Tests.Hosting;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Incidents;
using Xunit.Abstractions;
using static ControlPlane.Web.Tests.Telemetry.PrometheusText;

namespace ControlPlane.Web.Tests.Telemetry;

/// <summary>
/// The operational metrics as Prometheus scrapes them from a control plane run as its own process (the meters are
/// process-wide), its cluster the fake API server: a deployment placed and one refused, a wire check of the running pair,
/// a manual failover through to the replacement serving; every value checked against what the API says happened.
/// </summary>
public sealed class OperationsMetricsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Pool = "obsm";
    private const string Ns = "inference";

    private FakeKubernetesApiServer cluster = null!;
    private string kubeconfig = "";

    public async Task InitializeAsync()
    {
        cluster = await FakeKubernetesApiServer.StartAsync();
        cluster.PodGracePeriod = TimeSpan.FromMinutes(10);
        kubeconfig = await cluster.WriteKubeconfigAsync();
    }

    public async Task DisposeAsync()
    {
        await cluster.DisposeAsync();
        File.Delete(kubeconfig);
    }

    [Fact(Timeout = 180_000)]
    public async Task Placement_wire_check_failover_reservation_drift_and_reconcile_metrics_count_what_the_api_shows()
    {
        var url = $"http://127.0.0.1:{FreePorts.Next()}";
        using var process = ProgramProcess.Start(BuiltProgram.Web,
            $"--urls={url}", $"--ControlPlane:Silo:Port={FreePorts.Next()}", $"--ControlPlane:Silo:GatewayPort={FreePorts.Next()}",
            $"--CONTROLPLANE_ADMIN_KEY={RunningControlPlane.AdminKey}", "--ControlPlane:Simulator:Enabled=false",
            $"--ControlPlane:Kubernetes:Kubeconfig={kubeconfig}", "--ControlPlane:Deployments:ResyncInterval=00:00:00.100",
            "--ControlPlane:Deployments:Watch=false", "--ControlPlane:Deployments:DegradedAfter=00:00:30",
            "--ControlPlane:Telemetry:Prometheus=true", "--ControlPlane:Telemetry:GaugeInterval=00:00:00.200",
            "--ControlPlane:Outages:ResponseTimeout=00:00:30"); // a first call JITs a lot on shared cores: no 504 for a slow one
        using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", RunningControlPlane.AdminKey);
        await Eventually.Until(() => ControlPlaneHttp.HealthyAsync(client), ok => ok, attempts: 300);

        // Three nodes; the third runs another NCCL than the pool's majority.
        for (var i = 1; i <= 3; i++)
        {
            var report = Reports.Steady($"{Pool}-{i}", 1, NodeTemplates.H20) with { Pool = Pool };
            await ControlPlaneHttp.PutProbeAsync(client, i == 3 ? report with { Versions = report.Versions with { Nccl = "2.18.3" } } : report);
        }

        await Eventually.Until(() => PlanCompleteAsync(client), complete => complete, attempts: 300);
        using var placed = await PutDeploymentAsync(client, "obs", pairs: 1);
        Assert.Equal(HttpStatusCode.OK, placed.StatusCode);
        // An image built for compute capability 12.0 only: every H20 (9.0) is rejected, and the API lists why.
        using var refused = await client.PutAsJsonAsync(new Uri("/api/v1/deployments/obs-refused", UriKind.Relative),
            DeploymentCalls.Spec(Pool, model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, capabilities: ["12.0"]), ApiJson.Options);
        var unplaceable = await GetAsync<DeploymentView>(client, "/api/v1/deployments/obs-refused");
        Assert.Equal(DeploymentStatus.Unplaceable, unplaceable.Status);
        var rejectedBy = unplaceable.Rejections.SelectMany(r => r.Reasons.Select(reason => reason.Split(':')[0]).Distinct())
            .GroupBy(f => f).ToDictionary(g => g.Key, g => (double)g.Count());
        Assert.Contains("GpuComputeCapabilityFilter", rejectedBy.Keys);

        // The pair runs; its NCCL log shows the NVLink it was placed on (a real capture): the wire check says match.
        await RunPodsAsync(client, "obs", v => v.Pairs[0].Pods.Length == 2);
        var running = await Eventually.Until(() => GetAsync<DeploymentView>(client, "/api/v1/deployments/obs"), v => v.Pairs[0].WireCheck is not null);
        output.WriteLine($"wire check: {running.Pairs[0].WireCheck}");
        Assert.Equal("nvlink", running.Pairs[0].Placement.Tier);

        // A manual failover: re-placed, the old pods go, the replacement is applied, runs, and the incident recovers.
        using var failover = await client.PostAsJsonAsync(new Uri("/api/v1/deployments/obs/pairs/0:failover", UriKind.Relative), new { reason = "metrics test" }, ApiJson.Options);
        Assert.Equal(HttpStatusCode.Accepted, failover.StatusCode);
        var incidentId = (await failover.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("incident").GetString()!;
        await Eventually.Until(() => GetAsync<DeploymentView>(client, "/api/v1/deployments/obs"), v => v.Pairs[0].Revision == 1 && v.Removing.Length == 1);
        await cluster.DeletedAsync(Ns, "obs-prefill-0", "obs-decode-0");
        cluster.Kubelet.Terminate(Ns, "obs-prefill-0");
        cluster.Kubelet.Terminate(Ns, "obs-decode-0");
        await RunPodsAsync(client, "obs", v => v.Removing.Length == 0 && v.Pairs[0].State == PairState.Bound);
        var incident = await Eventually.Until(() => GetAsync<IncidentView>(client, $"/api/v1/incidents/{incidentId}"), i => i.State == IncidentState.Recovered);
        var after = await Eventually.Until(() => GetAsync<DeploymentView>(client, "/api/v1/deployments/obs"), v => v.Status == DeploymentStatus.Running && v.Pairs[0].WireCheck is not null);
        var recoveredIn = (incident.UpdatedAt - incident.OpenedAt).TotalSeconds;

        var views = new[] { after, await GetAsync<DeploymentView>(client, "/api/v1/deployments/obs-refused") };
        var lagging = views.Count(v => v.Generation > v.ObservedGeneration);
        var scrape = await Eventually.Until(() => ScrapeAsync(client),
            s => Sum(s, "controlplane_failover_duration_seconds_count") == 1 && Sum(s, "controlplane_reconcile_lagging_deployments") == lagging
                && Sum(s, "controlplane_reservations_held_gpus", ("pool", Pool)) == 2,
            attempts: 300);
        output.WriteLine(string.Join('\n', scrape.Split('\n').Where(l => l.StartsWith("controlplane_", StringComparison.Ordinal) && !l.Contains("_bucket", StringComparison.Ordinal))));

        Assert.Equal<double?>(2, Sum(scrape, "controlplane_placement_decisions_total", ("outcome", "placed")));
        Assert.Equal<double?>(1, Sum(scrape, "controlplane_placement_decisions_total", ("outcome", "refused")));
        var rejections = Samples(scrape, "controlplane_placement_rejections_total").ToDictionary(r => r.Labels["filter"], r => r.Value);
        Assert.Equal(rejectedBy.OrderBy(kv => kv.Key), rejections.OrderBy(kv => kv.Key));

        Assert.Equal<double?>(2, Sum(scrape, "controlplane_wire_check_verdicts_total", ("placed_tier", "nvlink"), ("observed", "nvlink"), ("verdict", "match")));
        Assert.Null(Sum(scrape, "controlplane_wire_check_verdicts_total", ("verdict", "mismatch")));

        Assert.Equal<double?>(1, Sum(scrape, "controlplane_incident_recovery_duration_seconds_count", ("kind", nameof(IncidentKind.Manual))));
        var recovery = Sum(scrape, "controlplane_incident_recovery_duration_seconds_sum", ("kind", nameof(IncidentKind.Manual)))!.Value;
        Assert.InRange(recovery, recoveredIn - 1, recoveredIn + 1);
        Assert.InRange(Sum(scrape, "controlplane_failover_duration_seconds_sum")!.Value, 0.001, recoveredIn + 1);

        Assert.Equal<double?>(2, Sum(scrape, "controlplane_reservations_held_gpus", ("pool", Pool)));
        Assert.Equal<double?>(1, Sum(scrape, "controlplane_version_drift_nodes", ("pool", Pool)));
        Assert.Equal<double?>(0, Sum(scrape, "controlplane_agent_silent_nodes", ("pool", Pool)));
        Assert.InRange(Sum(scrape, "controlplane_agent_report_age_seconds", ("pool", Pool))!.Value, 0, 180);
        Assert.Equal<double?>(lagging, Sum(scrape, "controlplane_reconcile_lagging_deployments"));
        Assert.Equal<double?>(views.Max(v => v.Generation - v.ObservedGeneration), Sum(scrape, "controlplane_reconcile_lag_generations"));
        Assert.Equal(1, lagging); // the refused deployment never reached its generation; the failed-over one did
        Assert.Equal<double?>(0, Sum(scrape, "controlplane_reservations_orphans_released_total")); // exported before any release
    }

    private async Task RunPodsAsync(HttpClient client, string deployment, Func<DeploymentView, bool> ready)
    {
        await Eventually.Until(() => GetAsync<DeploymentView>(client, $"/api/v1/deployments/{deployment}"), ready);
        var log = FixtureFiles.Read("nccl/h200x2-allreduce-default.log");
        foreach (var pod in new[] { $"{deployment}-prefill-0", $"{deployment}-decode-0" })
        {
            cluster.SetPodLog(Ns, pod, log);
            cluster.Kubelet.Run(Ns, pod);
        }
    }

    /// <summary>Whether the planner sees the pool yet (the plan endpoint plans without reserving, so it counts no decision).</summary>
    private static async Task<bool> PlanCompleteAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/api/v1/placements:plan", UriKind.Relative), Spec(1), ApiJson.Options);
        return response.IsSuccessStatusCode && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("complete").GetBoolean();
    }

    private static Task<HttpResponseMessage> PutDeploymentAsync(HttpClient client, string name, int pairs) =>
        client.PutAsJsonAsync(new Uri($"/api/v1/deployments/{name}", UriKind.Relative), Spec(pairs), ApiJson.Options);

    private static object Spec(int pairs) => DeploymentCalls.Spec(Pool, model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, pairs: pairs);

    private static async Task<T> GetAsync<T>(HttpClient client, string path) => (await client.GetFromJsonAsync<T>(new Uri(path, UriKind.Relative), ApiJson.Options))!;

    private static async Task<string> ScrapeAsync(HttpClient client) => await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
}
