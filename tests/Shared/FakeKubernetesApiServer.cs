using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using ControlPlane.Kubernetes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Testing;

/// <summary>
/// A FAKE Kubernetes API server for tests: Kestrel on 127.0.0.1, serving only what KubernetesClient calls for the
/// applier: server-side apply PATCH, GET (one object, a list with labelSelector, or a watch), DELETE of namespaced
/// pods, services, poddisruptionbudgets and resourceclaims. It keeps what the control plane relies on honest, as the
/// real server does: every write bumps <c>metadata.resourceVersion</c>; an apply may not change a pod's
/// <c>spec.nodeName</c> or containers (422 Invalid); status survives an apply; a deleted pod is only marked
/// (<c>deletionTimestamp</c>) and disappears when the kubelet confirms it or its grace period ends (at once for
/// <c>gracePeriodSeconds=0</c>, a forced deletion); a watch streams
/// ADDED/MODIFIED/DELETED from a resourceVersion and answers an ERROR 410 (Expired) event for one older than its
/// history. No admission and no merge beyond that: an apply replaces the stored spec and metadata.
/// <see cref="Kubelet"/> plays the node agent (phase, Ready, restarts, termination).
/// </summary>
public sealed class FakeKubernetesApiServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Lock gate = new();
    private readonly Dictionary<string, JsonObject> objects = new(StringComparer.Ordinal);
    private readonly List<Event> history = [];
    private readonly List<Channel<Event>> watchers = [];
    private readonly CancellationTokenSource stopping = new();
    private long resourceVersion;
    private long oldestWatchable;
    private TaskCompletionSource watchGate = Completed();
    private TaskCompletionSource applyGate = Completed();

    private FakeKubernetesApiServer(WebApplication app)
    {
        this.app = app;
        Kubelet = new FakeKubelet(this);
    }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    private readonly ConcurrentDictionary<string, string> logs = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, string> previousLogs = new(StringComparer.Ordinal);

    public string Url => app.Urls.First();

    /// <summary>How long a deleted pod stays (terminating) before it is gone, unless the kubelet confirms it sooner.</summary>
    public TimeSpan PodGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>When set, every apply (PATCH) answers this status code and message, as an API server refusing it would.</summary>
    public (int Code, string Reason, string Message)? RefuseApplies { get; set; }

    /// <summary>
    /// API groups this cluster does not serve (e.g. <c>resource.k8s.io</c> before Kubernetes 1.34): every request under
    /// <c>/apis/{group}/</c> is 404 with the Status a real API server answers for a path it has no handler for.
    /// </summary>
    public ConcurrentDictionary<string, bool> UnservedGroups { get; } = new(StringComparer.Ordinal);

    /// <summary>A slow API server: applies (PATCH) wait until <see cref="ReleaseApplies"/>.</summary>
    public void HoldApplies()
    {
        lock (gate)
        {
            applyGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void ReleaseApplies()
    {
        lock (gate)
        {
            applyGate.TrySetResult();
        }
    }

    /// <summary>When set, every DELETE answers this status code and message.</summary>
    public (int Code, string Reason, string Message)? RefuseDeletes { get; set; }

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

    /// <summary>Forgets the watch history, as etcd compaction does: a watch from any older resourceVersion gets 410 Expired.</summary>
    public void CompactHistory()
    {
        lock (gate)
        {
            history.Clear();
            oldestWatchable = resourceVersion;
        }
    }

    /// <summary>New watch requests wait (a slow network) until <see cref="ReleaseWatches"/>; meanwhile changes pile up.</summary>
    public void HoldWatches()
    {
        lock (gate)
        {
            watchGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void ReleaseWatches()
    {
        lock (gate)
        {
            watchGate.TrySetResult();
        }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }

    /// <summary>Ends every open watch (the server's watch timeout): clients must resume from their last resourceVersion.</summary>
    public void EndWatches()
    {
        lock (gate)
        {
            foreach (var w in watchers)
            {
                w.Writer.TryComplete();
            }

            watchers.Clear();
        }
    }

    /// <summary>What a kubelet would report: sets a stored pod's phase and readiness.</summary>
    public void SetPodPhase(string ns, string name, string phase, bool ready) => Kubelet.Report(ns, name, phase, ready);

    /// <summary>What <c>GET .../pods/{name}/log</c> answers for the pod (its containers' output, e.g. a real NCCL log fixture).</summary>
    public void SetPodLog(string ns, string name, string text) => logs[$"/api/v1/namespaces/{ns}/pods/{name}"] = text;

    /// <summary>The log of the pod's container before its last restart (<c>previous=true</c>); without one that read is 400.</summary>
    public void SetPreviousPodLog(string ns, string name, string text) => previousLogs[$"/api/v1/namespaces/{ns}/pods/{name}"] = text;

    /// <summary>
    /// As the kubelet answers <c>GET .../pods/{name}/log</c> (Kubernetes API reference, <c>PodLogOptions</c>): 404 for a
    /// pod that does not exist; <c>previous=true</c> for a container that never restarted is 400 ("previous terminated
    /// container … not found"); <c>tailLines</c> selects the last lines, and <c>limitBytes</c> then stops after that many
    /// bytes <em>from the start</em> of what was selected, so a byte limit alone answers the head of the log.
    /// </summary>
    private async Task ServeLogAsync(HttpContext context, string podPath)
    {
        bool exists;
        lock (gate)
        {
            exists = objects.ContainsKey(podPath);
        }

        if (!exists)
        {
            await StatusAsync(context, 404, "NotFound", $"pods \"{podPath[(podPath.LastIndexOf('/') + 1)..]}\" not found");
            return;
        }

        var query = context.Request.Query;
        string text;
        if (query.TryGetValue("previous", out var previous) && previous == "true")
        {
            if (!previousLogs.TryGetValue(podPath, out var before))
            {
                var pod = podPath[(podPath.LastIndexOf('/') + 1)..];
                await StatusAsync(context, 400, "BadRequest", $"previous terminated container \"engine\" in pod \"{pod}\" not found");
                return;
            }

            text = before;
        }
        else
        {
            text = logs.GetValueOrDefault(podPath, "");
        }

        if (query.TryGetValue("tailLines", out var tail) && int.TryParse(tail, CultureInfo.InvariantCulture, out var lines))
        {
            var all = text.Split('\n');
            var ends = text.EndsWith('\n');
            var kept = all[..(ends ? ^1 : ^0)];
            text = string.Join('\n', kept[Math.Max(0, kept.Length - lines)..]) + (ends ? "\n" : "");
        }

        if (query.TryGetValue("limitBytes", out var limit) && int.TryParse(limit, CultureInfo.InvariantCulture, out var bytes) && bytes < text.Length)
        {
            text = text[..bytes];
        }

        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(text);
    }

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

    public enum Deletion
    {
        /// <summary>The pod was terminating and is gone now.</summary>
        Finished,

        /// <summary>The pod exists but nobody deleted it (no <c>deletionTimestamp</c>): left as it is.</summary>
        NotRequested,

        /// <summary>No such pod.</summary>
        Missing,
    }

    /// <summary>
    /// Removes a pod only if a DELETE marked it terminating (checked and removed under one lock); with
    /// <paramref name="uid"/>, only that incarnation of the pod (a new pod of the same name is another object).
    /// </summary>
    internal Deletion FinishDeletion(string path, string? uid = null)
    {
        lock (gate)
        {
            if (!objects.TryGetValue(path, out var o) || (uid is not null && o["metadata"]?["uid"]?.GetValue<string>() != uid))
            {
                return Deletion.Missing;
            }

            if (o["metadata"]?["deletionTimestamp"] is null)
            {
                return Deletion.NotRequested;
            }

            objects.Remove(path);
            Record("DELETED", path, o);
            return Deletion.Finished;
        }
    }

    internal bool Remove(string path)
    {
        lock (gate)
        {
            if (!objects.Remove(path, out var o))
            {
                return false;
            }

            Record("DELETED", path, o);
            return true;
        }
    }

    private void Record(string type, string path, JsonObject o)
    {
        o["metadata"]!["resourceVersion"] = (++resourceVersion).ToString(CultureInfo.InvariantCulture);
        var e = new Event(resourceVersion, type, path, o.DeepClone().AsObject());
        history.Add(e);
        foreach (var w in watchers)
        {
            w.Writer.TryWrite(e);
        }
    }

    private IEnumerable<JsonObject> StoredUnlocked(string collection) =>
        objects.Where(o => o.Key.StartsWith(collection + "/", StringComparison.Ordinal) && o.Key.LastIndexOf('/') == collection.Length)
            .OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => o.Value);

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

        if (request.Method == "GET" && segments.Length >= 3 && segments[^1] == "log" && segments[^3] == "pods")
        {
            await ServeLogAsync(context, path[..^"/log".Length]);
            return;
        }

        var named = segments.Length >= 2 && segments[^2] is "pods" or "services" or "poddisruptionbudgets" or "resourceclaims" or "deployments";
        var isPod = segments.Length >= 2 && segments[^2] == "pods";
        switch (request.Method)
        {
            case "PATCH" when named:
                Task held;
                lock (gate)
                {
                    held = applyGate.Task;
                }

                await held.WaitAsync(context.RequestAborted);
                if (RefuseApplies is { } refusal)
                {
                    await StatusAsync(context, refusal.Code, refusal.Reason, refusal.Message);
                    return;
                }

                var applied = JsonNode.Parse(KubernetesJson.Serialize(ManifestYaml.Load(body).Single()))!.AsObject();
                string? invalid;
                JsonObject stored;
                lock (gate)
                {
                    invalid = objects.TryGetValue(path, out var existing) && isPod ? ImmutablePodChange(existing, applied) : null;
                    if (invalid is null)
                    {
                        stored = Apply(path, existing, applied);
                    }
                    else
                    {
                        stored = existing!;
                    }
                }

                if (invalid is not null)
                {
                    await StatusAsync(context, 422, "Invalid", $"Pod \"{segments[^1]}\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations) or `spec.terminationGracePeriodSeconds` ({invalid})");
                    return;
                }

                await Json(context, 200, stored);
                return;
            case "DELETE" when named && RefuseDeletes is { } refused:
                await StatusAsync(context, refused.Code, refused.Reason, refused.Message);
                return;
            case "DELETE" when named:
                JsonObject? deleted;
                lock (gate)
                {
                    deleted = objects.GetValueOrDefault(path)?.DeepClone().AsObject();
                }

                if (deleted is null)
                {
                    await NotFound(context, path);
                    return;
                }

                if (isPod && GracePeriod(request.Query["gracePeriodSeconds"].ToString()) is { } grace)
                {
                    StartTermination(path, grace);
                }
                else if (isPod)
                {
                    // gracePeriodSeconds=0 (kubectl delete --grace-period=0 --force): "the value zero indicates delete
                    // immediately"; the API server removes the pod without waiting for the kubelet.
                    Remove(path);
                }
                else
                {
                    Remove(path);
                }

                await Json(context, 200, deleted);
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
                await WatchAsync(context, path, request.Query["labelSelector"].ToString(), request.Query["resourceVersion"].ToString());
                return;
            case "GET":
                JsonObject list;
                lock (gate)
                {
                    list = new JsonObject
                    {
                        ["apiVersion"] = "v1",
                        ["kind"] = "List",
                        ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) },
                        ["items"] = new JsonArray([.. StoredUnlocked(path).Where(o => Matches(o, request.Query["labelSelector"].ToString())).Select(i => i.DeepClone())]),
                    };
                }

                await Json(context, 200, list);
                return;
            default:
                context.Response.StatusCode = 405;
                return;
        }
    }

    private JsonObject Apply(string path, JsonObject? existing, JsonObject applied)
    {
        if (existing is null)
        {
            applied["metadata"]!["uid"] = Guid.NewGuid().ToString();
            applied["metadata"]!["creationTimestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            objects[path] = applied;
            Record("ADDED", path, applied);
            return applied.DeepClone().AsObject();
        }

        // Server-side apply on the main resource never touches status; metadata the server owns stays.
        foreach (var key in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds" })
        {
            if (existing["metadata"]?[key] is { } value)
            {
                applied["metadata"]![key] = value.DeepClone();
            }
        }

        if (existing["status"] is { } status)
        {
            applied["status"] = status.DeepClone();
        }

        objects[path] = applied;
        Record("MODIFIED", path, applied);
        return applied.DeepClone().AsObject();
    }

    private static string? ImmutablePodChange(JsonObject existing, JsonObject applied)
    {
        var before = existing["spec"];
        var after = applied["spec"];
        if (before?["nodeName"]?.ToJsonString() != after?["nodeName"]?.ToJsonString())
        {
            return "spec.nodeName";
        }

        static JsonNode? WithoutImages(JsonNode? containers)
        {
            var copy = containers?.DeepClone();
            foreach (var c in copy?.AsArray() ?? [])
            {
                c!.AsObject().Remove("image");
            }

            return copy;
        }

        return WithoutImages(before?["containers"])?.ToJsonString() != WithoutImages(after?["containers"])?.ToJsonString() ? "spec.containers" : null;
    }

    /// <summary>The grace period a DELETE asks for (DeleteOptions.gracePeriodSeconds), <see cref="PodGracePeriod"/> when it names none; null for 0.</summary>
    private TimeSpan? GracePeriod(string requested) =>
        string.IsNullOrEmpty(requested) ? PodGracePeriod
        : long.Parse(requested, CultureInfo.InvariantCulture) is var seconds and > 0 ? TimeSpan.FromSeconds(seconds)
        : null;

    private void StartTermination(string path, TimeSpan grace)
    {
        string? uid = null;
        var marked = Mutate(path, o =>
        {
            uid = o["metadata"]!["uid"]?.GetValue<string>();
            if (o["metadata"]!["deletionTimestamp"] is null)
            {
                o["metadata"]!["deletionTimestamp"] = DateTimeOffset.UtcNow.Add(grace).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                o["metadata"]!["deletionGracePeriodSeconds"] = (long)grace.TotalSeconds;
            }
        });
        if (marked)
        {
            // The grace period ends for this pod only: one created since under the same name is not touched.
            _ = Task.Delay(grace, stopping.Token).ContinueWith(_ => FinishDeletion(path, uid), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }

    private async Task WatchAsync(HttpContext context, string collection, string selector, string fromVersion)
    {
        Task held;
        lock (gate)
        {
            held = watchGate.Task;
        }

        await held.WaitAsync(context.RequestAborted);
        var channel = Channel.CreateUnbounded<Event>();
        var backlog = new List<Event>();
        var expired = false;
        lock (gate)
        {
            if (string.IsNullOrEmpty(fromVersion) || fromVersion == "0")
            {
                // No resourceVersion: the current objects as ADDED, then what happens next.
                backlog.AddRange(StoredUnlocked(collection).Select(o => new Event(resourceVersion, "ADDED", "", o.DeepClone().AsObject())));
            }
            else if (long.Parse(fromVersion, CultureInfo.InvariantCulture) < oldestWatchable)
            {
                expired = true;
            }
            else
            {
                var from = long.Parse(fromVersion, CultureInfo.InvariantCulture);
                backlog.AddRange(history.Where(e => e.Version > from && InCollection(e.Path, collection)));
            }

            if (!expired)
            {
                watchers.Add(channel);
            }
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        if (expired)
        {
            await Line(context, "ERROR", new JsonObject
            {
                ["kind"] = "Status",
                ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject(),
                ["status"] = "Failure",
                ["message"] = $"too old resource version: {fromVersion} ({oldestWatchable})",
                ["reason"] = "Expired",
                ["code"] = 410,
            });
            return;
        }

        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token);
            foreach (var e in backlog.Where(e => Matches(e.Object, selector)))
            {
                await Line(context, e.Type, e.Object);
            }

            await context.Response.Body.FlushAsync(linked.Token);
            await foreach (var e in channel.Reader.ReadAllAsync(linked.Token))
            {
                if (InCollection(e.Path, collection) && Matches(e.Object, selector))
                {
                    await Line(context, e.Type, e.Object);
                    await context.Response.Body.FlushAsync(linked.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            lock (gate)
            {
                watchers.Remove(channel);
            }
        }
    }

    private static bool InCollection(string path, string collection) =>
        path.StartsWith(collection + "/", StringComparison.Ordinal) && path.LastIndexOf('/') == collection.Length;

    private static Task Line(HttpContext context, string type, JsonNode o) =>
        context.Response.WriteAsync(new JsonObject { ["type"] = type, ["object"] = o.DeepClone() }.ToJsonString() + "\n");

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

    private static Task StatusAsync(HttpContext context, int code, string reason, string message) => Json(context, code, new JsonObject
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["reason"] = reason,
        ["message"] = message,
        ["code"] = code,
    });

    private static Task NotFound(HttpContext context, string path) => StatusAsync(context, 404, "NotFound", $"{path} not found");

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        EndWatches();
        await app.StopAsync();
        await app.DisposeAsync();
        stopping.Dispose();
    }

    public sealed record RecordedRequest(string Method, string Path, string? ContentType, IReadOnlyDictionary<string, string> Query, string Body);

    private sealed record Event(long Version, string Type, string Path, JsonObject Object);
}
