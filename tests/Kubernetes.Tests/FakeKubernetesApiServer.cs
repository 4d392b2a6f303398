using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Kubernetes.Tests;

/// <summary>
/// A FAKE Kubernetes API server for tests: Kestrel on 127.0.0.1, serving only what KubernetesClient calls for the
/// applier: server-side apply PATCH, GET (list with labelSelector, one line per event with watch=true), DELETE of
/// namespaced pods, services, poddisruptionbudgets and resourceclaims. No validation, no admission, no merge: an
/// apply replaces the stored object. It records every request so tests can check headers and query strings.
/// </summary>
public sealed class FakeKubernetesApiServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, JsonObject> objects = new(StringComparer.Ordinal);
    private long resourceVersion;

    private FakeKubernetesApiServer(WebApplication app) => this.app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public string Url => app.Urls.First();

    public static async Task<FakeKubernetesApiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeKubernetesApiServer(app);
        app.Map("/{**path}", server.HandleAsync);
        await app.StartAsync();
        return server;
    }

    public IKubernetes Client() => new k8s.Kubernetes(new KubernetesClientConfiguration { Host = Url });

    /// <summary>Stored objects under a collection path such as <c>/api/v1/namespaces/inference/pods</c>.</summary>
    public IReadOnlyList<JsonObject> Stored(string collection) =>
        [.. objects.Where(o => o.Key.StartsWith(collection + "/", StringComparison.Ordinal)).OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => o.Value)];

    /// <summary>What a kubelet would report: sets a stored pod's phase and readiness.</summary>
    public void SetPodPhase(string ns, string name, string phase, bool ready)
    {
        var pod = objects[$"/api/v1/namespaces/{ns}/pods/{name}"];
        pod["status"] = new JsonObject
        {
            ["phase"] = phase,
            ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
        };
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync();
        Requests.Enqueue(new RecordedRequest(request.Method, request.Path, request.ContentType, request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()), body));

        var path = request.Path.Value!.TrimEnd('/');
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var named = segments.Length >= 2 && segments[^2] is "pods" or "services" or "poddisruptionbudgets" or "resourceclaims";
        switch (request.Method)
        {
            case "PATCH" when named:
                var applied = JsonNode.Parse(KubernetesJson.Serialize(ManifestYaml.Load(body).Single()))!.AsObject();
                applied["metadata"]!["resourceVersion"] = Interlocked.Increment(ref resourceVersion).ToString(System.Globalization.CultureInfo.InvariantCulture);
                objects[path] = applied;
                await Json(context, 200, applied);
                return;
            case "DELETE" when named:
                if (objects.TryRemove(path, out var removed))
                {
                    await Json(context, 200, removed);
                    return;
                }

                await NotFound(context, path);
                return;
            case "GET" when named:
                if (objects.TryGetValue(path, out var found))
                {
                    await Json(context, 200, found);
                    return;
                }

                await NotFound(context, path);
                return;
            case "GET":
                var items = Stored(path).Where(o => Matches(o, request.Query["labelSelector"].ToString())).ToList();
                if (request.Query["watch"] == "true")
                {
                    context.Response.ContentType = "application/json";
                    foreach (var item in items)
                    {
                        await context.Response.WriteAsync(new JsonObject { ["type"] = "ADDED", ["object"] = item.DeepClone() }.ToJsonString() + "\n");
                    }

                    return;
                }

                await Json(context, 200, new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "List",
                    ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    ["items"] = new JsonArray([.. items.Select(i => i.DeepClone())]),
                });
                return;
            default:
                context.Response.StatusCode = 405;
                return;
        }
    }

    private static bool Matches(JsonObject o, string selector) =>
        string.IsNullOrEmpty(selector) || selector.Split(',').All(term =>
        {
            var (key, value) = (term.Split('=')[0], term.Split('=')[1]);
            return o["metadata"]?["labels"]?[key]?.GetValue<string>() == value;
        });

    private static Task Json(HttpContext context, int status, JsonNode node)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(node.ToJsonString());
    }

    private static Task NotFound(HttpContext context, string path) => Json(context, 404, new JsonObject
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["status"] = "Failure",
        ["reason"] = "NotFound",
        ["message"] = $"{path} not found",
        ["code"] = 404,
    });

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    public sealed record RecordedRequest(string Method, string Path, string? ContentType, IReadOnlyDictionary<string, string> Query, string Body);
}
