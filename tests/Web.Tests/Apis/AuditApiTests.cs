using System.Net;
using System.Net.Http.Json;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Web.Apis.Paging;
using ControlPlane.Wire.Audit;

namespace ControlPlane.Web.Tests.Apis;

/// <summary><c>GET /api/v1/audit</c>: operator actions with who, what and how they ended, refusals included, newest first and paged.</summary>
public sealed class AuditApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private RunningControlPlane Plane => fixture.Plane;

    [Fact(Timeout = 60_000)]
    public async Task A_cordon_and_a_delete_are_listed_with_who_what_and_ok_and_a_viewers_cordon_and_a_bad_one_as_refused()
    {
        var node = (await Plane.ReportNodesAsync("audit", NodeTemplates.H20, 1))[0];
        using var operatorClient = Plane.Client(ApiFixture.OperatorKey);
        using var viewerClient = Plane.Client(ApiFixture.ViewerKey);

        using (var put = await Plane.PutDeploymentAsync("audited", DeploymentCalls.Spec("audit", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, policy: "allow-tcp")))
        {
            Assert.True(put.IsSuccessStatusCode, $"PUT answered {(int)put.StatusCode}");
        }

        using (var delete = await operatorClient.DeleteAsync(new Uri("/api/v1/deployments/audited", UriKind.Relative)))
        {
            Assert.True(delete.IsSuccessStatusCode, $"DELETE answered {(int)delete.StatusCode}");
        }

        using (var cordon = await operatorClient.PostAsJsonAsync(new Uri($"/api/v1/nodes/{node}/cordon", UriKind.Relative), new { reason = "PSU swap" }))
        {
            Assert.Equal(HttpStatusCode.OK, cordon.StatusCode);
        }

        using (var refused = await viewerClient.PostAsJsonAsync(new Uri($"/api/v1/nodes/{node}/uncordon", UriKind.Relative), new { reason = "not mine" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var bad = await operatorClient.PostAsJsonAsync(new Uri($"/api/v1/nodes/{node}/uncordon", UriKind.Relative), new { reason = "" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        // Entries are written once each response is complete: wait for the last one.
        var page = await Eventually.Until(() => Plane.GetJsonAsync<Page<AuditEntry>>("/api/v1/audit", ApiFixture.ViewerKey), p => p.Items.Any(e => e.Status == 400));
        var entries = page.Items;
        Assert.Equal(entries.Select(e => e.Seq).OrderDescending(), entries.Select(e => e.Seq));

        var cordoned = Assert.Single(entries, e => e.Action == "cordon");
        Assert.Equal(("ci-operator", $"node {node}", AuditOutcomes.Ok, 200, "api"), (cordoned.Who, cordoned.Target, cordoned.Outcome, cordoned.Status, cordoned.Via));
        var deleted = Assert.Single(entries, e => e.Action == "delete-deployment");
        Assert.Equal(("ci-operator", "deployment audited", AuditOutcomes.Ok), (deleted.Who, deleted.Target, deleted.Outcome));
        Assert.Contains(entries, e => e is { Action: "put-deployment", Target: "deployment audited", Outcome: AuditOutcomes.Ok });

        var forbidden = Assert.Single(entries, e => e.Who == "ci-viewer");
        Assert.Equal(("uncordon", $"node {node}", AuditOutcomes.Refused, 403), (forbidden.Action, forbidden.Target, forbidden.Outcome, forbidden.Status));
        var invalid = Assert.Single(entries, e => e.Status == 400);
        Assert.Equal(("ci-operator", "uncordon", AuditOutcomes.Refused), (invalid.Who, invalid.Action, invalid.Outcome));
        Assert.True(cordoned.Seq > deleted.Seq);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_log_pages_newest_first_like_every_listing_and_refuses_another_listings_token()
    {
        var node = (await Plane.ReportNodesAsync("audit-pages", NodeTemplates.H20, 1))[0];
        using var admin = Plane.Client();
        for (var i = 0; i < 3; i++)
        {
            using var cordon = await admin.PostAsJsonAsync(new Uri($"/api/v1/nodes/{node}/{(i % 2 == 0 ? "cordon" : "uncordon")}", UriKind.Relative), new { reason = $"step {i}" });
            Assert.Equal(HttpStatusCode.OK, cordon.StatusCode);
        }

        var all = (await Eventually.Until(() => Plane.GetJsonAsync<Page<AuditEntry>>("/api/v1/audit"), p => p.Items.Count(e => e.Target == $"node {node}") == 3)).Items;
        var first = await Plane.GetJsonAsync<Page<AuditEntry>>("/api/v1/audit?limit=2");
        Assert.Equal(all.Take(2).Select(e => e.Seq), first.Items.Select(e => e.Seq));
        Assert.NotNull(first.Continue);

        var seen = first.Items.ToList();
        var next = first.Continue;
        while (next is not null)
        {
            var page = await Plane.GetJsonAsync<Page<AuditEntry>>($"/api/v1/audit?limit=2&continue={Uri.EscapeDataString(next)}");
            Assert.True(page.Items.Length <= 2);
            seen.AddRange(page.Items);
            next = page.Continue;
        }

        Assert.Equal(all.Select(e => e.Seq), seen.Select(e => e.Seq));

        using var refused = await admin.GetAsync(new Uri($"/api/v1/audit?continue={ContinueToken.Encode("incidents", "inc-x")}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var tooMany = await admin.GetAsync(new Uri("/api/v1/audit?limit=1001", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
    }
}
