using System.Net;
using System.Net.Http.Json;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Web.Apis;
using ControlPlane.Wire.Fleet;
using ControlPlane.Wire.Gpus;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Nodes;

namespace ControlPlane.Web.Tests.Apis;

public sealed class FleetApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private RunningControlPlane Plane => fixture.Plane;

    [Fact]
    public async Task Listing_pages_with_continue_until_every_node_is_seen_once()
    {
        string[] names = ["page-a1", "page-a2", "page-a3", "page-a4"];
        foreach (var name in names)
        {
            using var _ = await Plane.PutProbeAsync(name, Reports.Steady(name, 1), RunningControlPlane.AdminKey);
        }

        using (await Plane.PutProbeAsync("page-v1", Reports.Steady("page-v1", 1, NodeTemplates.V100), RunningControlPlane.AdminKey)) { }
        using (await Plane.PutProbeAsync("page-v2", Reports.Steady("page-v2", 1, NodeTemplates.V100), RunningControlPlane.AdminKey)) { }

        // The listing is flushed from the index: page through it until all six show, then each must be there exactly once.
        var seen = await Eventually.Until(() => ListAllAsync(limit: 2), listed => listed.Count >= 6);

        Assert.Equal(["page-a1", "page-a2", "page-a3", "page-a4", "page-v1", "page-v2"], seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Limit_out_of_range_or_a_forged_continue_token_is_400()
    {
        using var client = Plane.Client();
        using var tooMany = await client.GetAsync(new Uri("/api/v1/nodes?limit=100000", UriKind.Relative));
        using var forged = await client.GetAsync(new Uri("/api/v1/nodes?continue=%%%", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task Viewer_reads_but_cannot_cordon()
    {
        using (await Plane.PutProbeAsync("viewer-node", Reports.Steady("viewer-node", 1), RunningControlPlane.AdminKey)) { }

        using var read = await Plane.Client(ApiFixture.ViewerKey).GetAsync(new Uri("/api/v1/nodes/viewer-node", UriKind.Relative));
        using var cordon = await Plane.PostJsonAsync("/api/v1/nodes/viewer-node/cordon", new { reason = "try" }, ApiFixture.ViewerKey);
        using var token = await Plane.PostJsonAsync("/api/v1/nodes/viewer-node/token", new { }, ApiFixture.OperatorKey);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, cordon.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, token.StatusCode);
        Assert.False((await Plane.GetNodeAsync("viewer-node"))!.Cordon.Cordoned);
    }

    [Fact]
    public async Task Operator_cordons_and_uncordons_with_reasons_recorded()
    {
        using (await Plane.PutProbeAsync("cordon-node", Reports.Steady("cordon-node", 1), RunningControlPlane.AdminKey)) { }

        using var cordon = await Plane.PostJsonAsync("/api/v1/nodes/cordon-node/cordon", new { reason = "IB cable swap" }, ApiFixture.OperatorKey);
        var state = await cordon.Content.ReadFromJsonAsync<CordonState>(ApiJson.Options);
        using var uncordon = await Plane.PostJsonAsync("/api/v1/nodes/cordon-node/uncordon", new { reason = "cable replaced" }, ApiFixture.OperatorKey);

        Assert.Equal(HttpStatusCode.OK, cordon.StatusCode);
        Assert.True(state!.Cordoned);
        Assert.Equal("ci-operator", state.By);
        var node = await Plane.GetNodeAsync("cordon-node");
        Assert.False(node!.Cordon.Cordoned);
        Assert.Equal(["IB cable swap", "cable replaced"], node.CordonHistory.Select(h => h.Reason));
        Assert.Equal([true, false], node.CordonHistory.Select(h => h.Cordoned));
    }

    [Fact]
    public async Task Cordon_needs_a_reason_and_a_known_node()
    {
        using (await Plane.PutProbeAsync("cordon-reason", Reports.Steady("cordon-reason", 1), RunningControlPlane.AdminKey)) { }

        using var noReason = await Plane.PostJsonAsync("/api/v1/nodes/cordon-reason/cordon", new { reason = " " }, ApiFixture.OperatorKey);
        using var unknown = await Plane.PostJsonAsync("/api/v1/nodes/never-reported/cordon", new { reason = "x" }, ApiFixture.OperatorKey);

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True((await noReason.ProblemAsync()).GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.False((await Plane.GetNodeAsync("cordon-reason"))!.Cordon.Cordoned);
    }

    [Fact]
    public async Task Versions_flag_the_node_whose_nccl_differs_from_its_pool()
    {
        var pool = "drift-pool";
        foreach (var (name, nccl) in new[] { ("drift-1", "2.18.5"), ("drift-2", "2.18.5"), ("drift-3", "2.18.3") })
        {
            var report = Reports.Steady(name, 1) with { Pool = pool };
            report = report with { Versions = report.Versions with { Nccl = nccl } };
            using var _ = await Plane.PutProbeAsync(name, report, RunningControlPlane.AdminKey);
        }

        var versions = await Eventually.Until(async () => await Plane.GetJsonAsync<VersionReport>("/api/v1/fleet/versions"),
            v => v.Groups.Where(g => g.Pool == pool).Sum(g => g.Nodes.Length) == 3);

        var drift = Assert.Single(versions.Drift, d => d.Pool == pool);
        Assert.Equal(("drift-3", "nccl", "2.18.3", "2.18.5"), (drift.Node, drift.Field, drift.Value, drift.Majority));
        Assert.Contains(versions.Groups, g => g.Pool == pool && g.Drift && g.Nodes.SequenceEqual(["drift-3"]));
    }

    [Fact]
    public async Task Gpu_endpoint_shows_where_it_is_and_its_xid_history()
    {
        var report = Reports.Steady("gpu-node", 1);
        using (await Plane.PutProbeAsync("gpu-node", report, RunningControlPlane.AdminKey)) { }
        using (await Plane.PutProbeAsync("gpu-node", Reports.WithXid(Reports.Steady("gpu-node", 2), gpu: 3, xid: 79), RunningControlPlane.AdminKey)) { }

        var gpu = await Plane.GetJsonAsync<GpuRecord>($"/api/v1/gpus/{report.Gpus[3].Uuid}");

        Assert.Equal(("gpu-node", 3), (gpu.Node, gpu.Index));
        Assert.Equal(HealthStatus.Unhealthy, gpu.Health.Status);
        Assert.Equal([HealthStatus.Healthy, HealthStatus.Unhealthy], gpu.History.Select(h => h.To));
        Assert.Contains("xid-79", gpu.History[^1].ReasonCodes);
        var node = await Plane.GetNodeAsync("gpu-node");
        Assert.Equal(HealthStatus.Degraded, node!.Health.Status);
        Assert.Contains(node.Health.Reasons, r => r.Code == "gpu-unhealthy" && r.Action == RemediationAction.DrainNode);
    }

    [Fact]
    public async Task Unknown_or_malformed_gpu_is_404_or_400()
    {
        using var client = Plane.Client();
        using var unknown = await client.GetAsync(new Uri("/api/v1/gpus/GPU-00000000-0000-0000-0000-000000000000", UriKind.Relative));
        using var malformed = await client.GetAsync(new Uri("/api/v1/gpus/gpu0", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_describes_the_probe_endpoint_and_needs_a_key()
    {
        using var anonymous = await Plane.Client(bearer: null).GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        var document = await Plane.GetJsonAsync<System.Text.Json.JsonElement>("/openapi/v1.json", ApiFixture.ViewerKey);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/nodes/{node}/probe", out var probe));
        Assert.True(probe.TryGetProperty("put", out _));
    }

    [Fact]
    public async Task Health_endpoint_is_the_only_anonymous_one()
    {
        using var client = Plane.Client(bearer: null);
        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var nodes = await client.GetAsync(new Uri("/api/v1/fleet/versions", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, nodes.StatusCode);
    }

    /// <summary>Every page of the node listing, following <c>continue</c>: the "page-" nodes in the order listed.</summary>
    private async Task<List<string>> ListAllAsync(int limit)
    {
        var names = new List<string>();
        string? next = null;
        var pages = 0;
        do
        {
            var url = $"/api/v1/nodes?limit={limit}" + (next is null ? "" : "&continue=" + next);
            var page = await Plane.GetJsonAsync<NodePage>(url);
            Assert.True(page.Items.Length <= limit);
            names.AddRange(page.Items.Select(i => i.Node).Where(n => n.StartsWith("page-", StringComparison.Ordinal)));
            next = page.Continue;
            pages++;
        }
        while (next is not null && pages < 100);

        Assert.Null(next); // the pages ended
        return names;
    }
}
