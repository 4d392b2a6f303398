using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace ControlPlane.Testing;

/// <summary>
/// Lists and watches (https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes): a
/// watch streams ADDED/MODIFIED/DELETED after a resourceVersion, BOOKMARKs when asked for, and a version older than the
/// kept history is 410 Gone.
/// </summary>
public sealed partial class FakeKubernetesApiServer
{
    private static readonly Dictionary<string, string> Kinds = new(StringComparer.Ordinal)
    {
        ["pods"] = "Pod", ["services"] = "Service", ["poddisruptionbudgets"] = "PodDisruptionBudget", ["resourceclaims"] = "ResourceClaim", ["deployments"] = "Deployment",
    };

    private readonly List<Event> history = [];
    private readonly List<Watcher> watchers = [];
    private long oldestWatchable;

    /// <summary>How a watch from a compacted resourceVersion is refused.</summary>
    public enum TooOld
    {
        /// <summary>HTTP 200, then an ERROR event whose object is a Status 410 Expired (what the watch cache answers).</summary>
        ErrorEvent,

        /// <summary>HTTP 410 Gone with a Status reason Expired, before any event (what etcd-served watches can answer).</summary>
        HttpGone,
    }

    /// <summary>
    /// https://kubernetes.io/docs/reference/using-api/api-concepts/#410-gone-responses: "the server will respond with 410
    /// Gone" to a watch from a version it no longer has; clients must list again. Either form is the same to a client.
    /// </summary>
    public TooOld ExpiredWatchAnswer { get; set; } = TooOld.ErrorEvent;

    /// <summary>Forgets the watch history, as etcd compaction does: a watch from any older resourceVersion gets 410 Expired.</summary>
    public void CompactHistory()
    {
        lock (gate)
        {
            history.Clear();
            oldestWatchable = resourceVersion;
        }
    }

    /// <summary>Ends every open watch (the server's watch timeout): clients must resume from their last resourceVersion.</summary>
    public void EndWatches()
    {
        lock (gate)
        {
            foreach (var w in watchers)
            {
                w.Channel.Writer.TryComplete();
            }

            watchers.Clear();
        }
    }

    /// <summary>
    /// https://kubernetes.io/docs/reference/using-api/api-concepts/#watch-bookmarks: to each watch that asked for them
    /// (<c>allowWatchBookmarks=true</c>), an event of type BOOKMARK whose object carries only
    /// <c>metadata.resourceVersion</c>: the watch has seen everything up to it, even changes its selector filters out.
    /// Answers the version sent.
    /// </summary>
    public long SendBookmarks()
    {
        lock (gate)
        {
            foreach (var w in watchers.Where(w => w.Bookmarks))
            {
                var kind = Kinds.GetValueOrDefault(w.Collection.Split('/')[^1], "");
                var bookmark = new JsonObject { ["kind"] = kind, ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) } };
                w.Channel.Writer.TryWrite(new Event(resourceVersion, "BOOKMARK", "", bookmark));
            }

            return resourceVersion;
        }
    }

    private void Publish(Event e)
    {
        history.Add(e);
        foreach (var w in watchers)
        {
            w.Channel.Writer.TryWrite(e);
        }
    }

    /// <summary>
    /// A list names the current resourceVersion. One that asks for an exact compacted version
    /// (<c>resourceVersionMatch=Exact</c>) is 410 Gone (https://kubernetes.io/docs/reference/using-api/api-concepts/#the-resourceversion-parameter).
    /// </summary>
    private async Task ListAsync(HttpContext context, string collection)
    {
        var query = context.Request.Query;
        JsonObject list;
        lock (gate)
        {
            if (query["resourceVersionMatch"] == "Exact" && long.TryParse(query["resourceVersion"], CultureInfo.InvariantCulture, out var exact) && exact < oldestWatchable)
            {
                list = StatusObject(410, "Expired", $"too old resource version: {exact} ({oldestWatchable})");
            }
            else
            {
                list = new JsonObject
                {
                    ["apiVersion"] = "v1",
                    ["kind"] = "List",
                    ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) },
                    ["items"] = new JsonArray([.. StoredUnlocked(collection).Where(o => Matches(o, query["labelSelector"].ToString()) && MatchesFields(o, query["fieldSelector"].ToString())).Select(i => i.DeepClone())]),
                };
            }
        }

        await (list["kind"]?.GetValue<string>() == "Status" ? StatusAsync(context, 410, "Expired", list["message"]!.GetValue<string>()) : Json(context, 200, list));
    }

    private async Task WatchAsync(HttpContext context, string collection)
    {
        var query = context.Request.Query;
        var selector = query["labelSelector"].ToString();
        var fromVersion = query["resourceVersion"].ToString();
        await WatchesHeld().WaitAsync(context.RequestAborted);
        var watcher = new Watcher(Channel.CreateUnbounded<Event>(), collection, query["allowWatchBookmarks"] == "true");
        var backlog = new List<Event>();
        var expired = false;
        long oldest;
        lock (gate)
        {
            oldest = oldestWatchable;
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
                watchers.Add(watcher);
            }
        }

        var tooOld = $"too old resource version: {fromVersion} ({oldest})";
        if (expired && ExpiredWatchAnswer == TooOld.HttpGone)
        {
            await StatusAsync(context, 410, "Expired", tooOld);
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        if (expired)
        {
            Refusals.Enqueue(new RecordedRefusal("GET", context.Request.Path, 410, "Expired", tooOld));
            await Line(context, "ERROR", StatusObject(410, "Expired", tooOld));
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
            await foreach (var e in watcher.Channel.Reader.ReadAllAsync(linked.Token))
            {
                if (e.Type == "BOOKMARK" || (InCollection(e.Path, collection) && Matches(e.Object, selector)))
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
                watchers.Remove(watcher);
            }
        }
    }

    private static Task Line(HttpContext context, string type, JsonNode o) =>
        context.Response.WriteAsync(new JsonObject { ["type"] = type, ["object"] = o.DeepClone() }.ToJsonString() + "\n");

    private sealed record Watcher(Channel<Event> Channel, string Collection, bool Bookmarks);
}
