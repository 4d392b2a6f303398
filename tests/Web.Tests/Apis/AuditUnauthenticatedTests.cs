using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Web.Apis.Paging;
using ControlPlane.Wire.Audit;

namespace ControlPlane.Web.Tests.Apis;

/// <summary>
/// Requests answered 401 are nobody's action: a flood of them must not push operators' actions out of the bounded
/// audit log. They are counted on <c>controlplane.api.unauthenticated</c> instead; an authenticated caller's 403 is still recorded.
/// </summary>
public sealed class AuditUnauthenticatedTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const int Rounds = 6;

    private RunningControlPlane Plane => fixture.Plane;

    [Fact(Timeout = 60_000)]
    public async Task A_burst_of_unauthenticated_actions_leaves_the_log_unchanged_and_is_counted_while_a_viewers_forbidden_delete_is_recorded_refused()
    {
        var node = (await Plane.ReportNodesAsync("audit-anon", NodeTemplates.H20, 1))[0];
        using (var cordon = await Plane.Client().PostAsJsonAsync(new Uri($"/api/v1/nodes/{node}/cordon", UriKind.Relative), new { reason = "before the burst" }))
        {
            Assert.Equal(HttpStatusCode.OK, cordon.StatusCode);
        }

        var before = (await Eventually.Until(() => Plane.GetJsonAsync<Page<AuditEntry>>("/api/v1/audit"), p => p.Items.Any(e => e.Target == $"node {node}"))).Items;
        using var counted = new UnauthenticatedCount();

        // No credentials, and a key nobody issued: every audited action, each answered 401.
        using var nobody = Plane.Client(bearer: null);
        using var forged = Plane.Client("not-a-key-of-this-control-plane");
        var sent = 0;
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var client in new[] { nobody, forged })
            {
                foreach (var request in Actions(node))
                {
                    using var response = await client.SendAsync(request);
                    Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                    sent++;
                }
            }
        }

        using (var viewer = Plane.Client(ApiFixture.ViewerKey))
        using (var forbidden = await viewer.DeleteAsync(new Uri("/api/v1/deployments/not-yours", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        // The viewer's refusal was answered last, so once it is listed every 401 before it would have been too.
        var after = (await Eventually.Until(() => Plane.GetJsonAsync<Page<AuditEntry>>("/api/v1/audit"), p => p.Items.Any(e => e.Who == "ci-viewer"))).Items;
        var denied = Assert.Single(after, e => e.Who == "ci-viewer");
        Assert.Equal(("delete-deployment", "deployment not-yours", AuditOutcomes.Refused, 403, "api"), (denied.Action, denied.Target, denied.Outcome, denied.Status, denied.Via));
        Assert.Equal(before.Select(e => e.Seq), after.Where(e => e != denied).Select(e => e.Seq));
        Assert.DoesNotContain(after, e => e.Who == "anonymous" || e.Status == 401);

        await Eventually.Until(() => Task.FromResult(counted.Total), total => total >= sent);
        Assert.Equal(["ack-incident", "cordon", "delete-deployment", "failover", "issue-token", "put-deployment", "reset-sequence", "resolve-incident", "uncordon"], counted.Actions);
    }

    private static HttpRequestMessage[] Actions(string node) =>
    [
        Post($"/api/v1/nodes/{node}/cordon", new { reason = "flood" }),
        Post($"/api/v1/nodes/{node}/uncordon", new { reason = "flood" }),
        Post($"/api/v1/nodes/{node}/token", null),
        Post($"/api/v1/nodes/{node}/sequence:reset", null),
        new(HttpMethod.Put, "/api/v1/deployments/flood") { Content = JsonContent.Create(DeploymentCalls.Spec("audit-anon", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1)) },
        new(HttpMethod.Delete, "/api/v1/deployments/audited"),
        Post("/api/v1/deployments/audited/pairs/0:failover", null),
        Post("/api/v1/incidents/inc-1/ack", null),
        Post("/api/v1/incidents/inc-1/resolve", new { reason = "flood" }),
    ];

    private static HttpRequestMessage Post(string path, object? body) =>
        new(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) };

    /// <summary>Listens to <c>controlplane.api.unauthenticated</c> of this process (other tests' planes may add to it, never take away).</summary>
    private sealed class UnauthenticatedCount : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<string, long> _byAction = new(StringComparer.Ordinal);

        public UnauthenticatedCount()
        {
            _listener.InstrumentPublished = (i, l) =>
            {
                if (i.Meter.Name == "ControlPlane" && i.Name == "controlplane.api.unauthenticated")
                {
                    l.EnableMeasurementEvents(i);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag is { Key: "action", Value: string action })
                    {
                        _byAction.AddOrUpdate(action, value, (_, n) => n + value);
                    }
                }
            });
            _listener.Start();
        }

        public long Total => _byAction.Values.Sum();

        public string[] Actions => [.. _byAction.Keys.Order(StringComparer.Ordinal)];

        public void Dispose() => _listener.Dispose();
    }
}
