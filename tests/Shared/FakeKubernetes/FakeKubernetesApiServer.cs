using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Testing;

/// <summary>
/// A FAKE Kubernetes API server for tests: Kestrel on 127.0.0.1, serving what KubernetesClient calls for the applier
/// (server-side apply PATCH, POST create, GET of one object, a list or a watch, DELETE) on namespaced pods, services,
/// deployments, poddisruptionbudgets, resourceclaims and NVIDIA's computedomains (resource.nvidia.com/v1beta1, a CRD: add
/// <c>resource.nvidia.com</c> to <see cref="UnservedGroups"/> for a cluster without NVIDIA's DRA driver). It keeps what the control plane relies on as the real server
/// does, each behaviour in its own file with the Kubernetes documentation it follows: field managers and apply
/// conflicts (FakeApiApply, FakeApiFieldManagers), immutable fields (FakeApiImmutableFields), graceful deletion and
/// finalizers (FakeApiDeletion), watches with bookmarks and 410 Gone (FakeApiWatch), pod logs (FakeApiLogs).
/// There is no scheduler and no admission. <see cref="Kubelet"/> plays the node agent.
/// </summary>
public sealed partial class FakeKubernetesApiServer : IAsyncDisposable
{
    private static readonly string[] Resources = ["pods", "services", "poddisruptionbudgets", "resourceclaims", "deployments", "computedomains", "events"];

    private readonly WebApplication app;
    private readonly Lock gate = new();
    private readonly Dictionary<string, JsonObject> objects = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private long resourceVersion;

    private FakeKubernetesApiServer(WebApplication app)
    {
        this.app = app;
        Kubelet = new FakeKubelet(this);
    }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Every answer that was not 2xx, in order (what a test asserts the product was or was not refused).</summary>
    public ConcurrentQueue<RecordedRefusal> Refusals { get; } = new();

    public string Url => app.Urls.First();

    public FakeKubelet Kubelet { get; }

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

    /// <summary>A kubeconfig file pointing at this server (the caller deletes it).</summary>
    public async Task<string> WriteKubeconfigAsync()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(path, $$"""
            apiVersion: v1
            kind: Config
            clusters: [{ name: fake, cluster: { server: "{{Url}}" } }]
            users: [{ name: fake, user: { token: fake-token } }]
            contexts: [{ name: fake, context: { cluster: fake, user: fake } }]
            current-context: fake
            """);
        return path;
    }

    public long ResourceVersion
    {
        get
        {
            lock (gate)
            {
                return resourceVersion;
            }
        }
    }

    /// <summary>Stored objects under a collection path such as <c>/api/v1/namespaces/inference/pods</c> (copies).</summary>
    public IReadOnlyList<JsonObject> Stored(string collection)
    {
        lock (gate)
        {
            return [.. StoredUnlocked(collection).Select(o => o.DeepClone().AsObject())];
        }
    }

    /// <summary>What a kubelet would report: sets a stored pod's phase and readiness.</summary>
    public void SetPodPhase(string ns, string name, string phase, bool ready) => Kubelet.Report(ns, name, phase, ready);

    /// <summary>Changes a stored object under the lock, bumps its resourceVersion and tells the watchers.</summary>
    internal bool Mutate(string path, Action<JsonObject> change)
    {
        lock (gate)
        {
            if (!objects.TryGetValue(path, out var o))
            {
                return false;
            }

            change(o);
            Record("MODIFIED", path, o);
            return true;
        }
    }

    private void Record(string type, string path, JsonObject o)
    {
        o["metadata"]!["resourceVersion"] = (++resourceVersion).ToString(CultureInfo.InvariantCulture);
        Publish(new Event(resourceVersion, type, path, o.DeepClone().AsObject()));
    }

    private IEnumerable<JsonObject> StoredUnlocked(string collection) =>
        objects.Where(o => InCollection(o.Key, collection)).OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => o.Value);

    private static bool InCollection(string path, string collection) =>
        path.StartsWith(collection + "/", StringComparison.Ordinal) && path.LastIndexOf('/') == collection.Length;

    private static bool Matches(JsonObject o, string selector) =>
        string.IsNullOrEmpty(selector) || selector.Split(',').All(term =>
        {
            var (key, value) = (term.Split('=')[0], term.Split('=')[1]);
            return o["metadata"]?["labels"]?[key]?.GetValue<string>() == value;
        });

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync();
        Requests.Enqueue(new RecordedRequest(request.Method, request.Path, request.ContentType, request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()), body));

        var path = request.Path.Value!.TrimEnd('/');
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length >= 2 && segments[0] == "apis" && UnservedGroups.ContainsKey(segments[1]))
        {
            await StatusAsync(context, 404, "NotFound", "the server could not find the requested resource");
            return;
        }

        if (request.Method == "GET" && RefusePodReads is { } refused && segments.Length >= 1 && segments[^1] is "log" or "events")
        {
            await StatusAsync(context, refused.Code, refused.Reason, refused.Message);
            return;
        }

        if (request.Method == "GET" && segments.Length >= 3 && segments[^1] == "log" && segments[^3] == "pods")
        {
            await ServeLogAsync(context, path[..^"/log".Length]);
            return;
        }

        var named = segments.Length >= 2 && Resources.Contains(segments[^2]);
        var collection = segments.Length >= 1 && Resources.Contains(segments[^1]);
        switch (request.Method)
        {
            case "PATCH" when named:
                await ApplyAsync(context, path, body);
                return;
            case "POST" when collection:
                await CreateAsync(context, path, body);
                return;
            case "DELETE" when named:
                await DeleteAsync(context, path);
                return;
            case "GET" when named:
                JsonObject? found;
                lock (gate)
                {
                    found = objects.GetValueOrDefault(path)?.DeepClone().AsObject();
                }

                await (found is not null ? Json(context, 200, found) : NotFound(context, path));
                return;
            case "GET" when request.Query["watch"] == "true":
                await WatchAsync(context, path);
                return;
            case "GET":
                await ListAsync(context, path);
                return;
            default:
                context.Response.StatusCode = 405;
                return;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        EndWatches();
        await app.StopAsync();
        await app.DisposeAsync();
        stopping.Dispose();
    }

    public sealed record RecordedRequest(string Method, string Path, string? ContentType, IReadOnlyDictionary<string, string> Query, string Body);

    public sealed record RecordedRefusal(string Method, string Path, int Code, string Reason, string Message);

    private sealed record Event(long Version, string Type, string Path, JsonObject Object);
}
