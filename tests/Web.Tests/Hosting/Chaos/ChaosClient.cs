using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ControlPlane.Testing;
using ControlPlane.Web.Apis;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Nodes;

namespace ControlPlane.Web.Tests.Hosting.Chaos;

/// <summary>
/// The web front end's REST API as automation uses it during a chaos run: every call is recorded with its status, its
/// latency and whether a 503 carried <c>Retry-After</c>. The HTTP timeout is far above the bound the test asserts, so a
/// hung request shows up as a long latency, not as a silently cancelled one.
/// </summary>
internal sealed class ChaosClient : IDisposable
{
    private readonly HttpClient http;
    private readonly ConcurrentQueue<ChaosCall> calls = new();

    public ChaosClient(Uri baseAddress, string bearer)
    {
        http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
    }

    public IReadOnlyCollection<ChaosCall> Calls => calls;

    public Task<ChaosCall> ProbeAsync(string node, string pool, long sequence) =>
        SendAsync("probe", node, () => JsonContentRequest(HttpMethod.Put, $"/api/v1/nodes/{node}/probe", Reports.Steady(node, sequence) with { Pool = pool }));

    public Task<ChaosCall> CordonAsync(string node, string reason) =>
        SendAsync("cordon", node, () => JsonContentRequest(HttpMethod.Post, $"/api/v1/nodes/{node}/cordon", new { reason }));

    public Task<ChaosCall> PutDeploymentAsync(string name, object spec) =>
        SendAsync("deployment", name, () => JsonContentRequest(HttpMethod.Put, $"/api/v1/deployments/{name}", spec));

    public Task<ChaosCall> IssueTokenAsync(string node) =>
        SendAsync("token", node, () => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/nodes/{node}/token"));

    public Task<ChaosCall> GetNodeCallAsync(string node) =>
        SendAsync("read-node", node, () => new HttpRequestMessage(HttpMethod.Get, $"/api/v1/nodes/{node}"));

    /// <summary>Reads outside the recorded load (the audit after the run).</summary>
    public async Task<NodeView> GetNodeAsync(string node) =>
        (await http.GetFromJsonAsync<NodeView>(new Uri($"/api/v1/nodes/{node}", UriKind.Relative), ApiJson.Options))!;

    public async Task<DeploymentView[]> ListDeploymentsAsync()
    {
        var page = await http.GetFromJsonAsync<DeploymentPage>(new Uri("/api/v1/deployments?limit=1000", UriKind.Relative), ApiJson.Options);
        return page!.Items;
    }

    public void Dispose() => http.Dispose();

    private async Task<ChaosCall> SendAsync(string kind, string target, Func<HttpRequestMessage> request)
    {
        var at = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        ChaosCall call;
        try
        {
            using var message = request();
            using var response = await http.SendAsync(message);
            var body = await response.Content.ReadAsStringAsync();
            call = new ChaosCall(kind, target, (int)response.StatusCode, clock.Elapsed, response.Headers.RetryAfter is not null, at, body);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            call = new ChaosCall(kind, target, 0, clock.Elapsed, false, at, e.Message);
        }

        calls.Enqueue(call);
        return call;
    }

    private static HttpRequestMessage JsonContentRequest<T>(HttpMethod method, string path, T body) =>
        new(method, path) { Content = JsonContent.Create(body, options: ApiJson.Options) };

    private sealed record DeploymentPage(DeploymentView[] Items, string? Continue);
}
