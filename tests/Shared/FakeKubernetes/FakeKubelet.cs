using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace ControlPlane.Testing;

/// <summary>
/// Plays the kubelets against the fake: pod phase, the Ready condition, container restarts, and confirming a deletion
/// (when a test says so, or by itself when the grace period ends). A node can be stopped: its kubelet then confirms
/// nothing and its pods being deleted stay Terminating until force-deleted.
/// </summary>
public sealed class FakeKubelet(FakeKubernetesApiServer server)
{
    private readonly ConcurrentDictionary<string, bool> stopped = new(StringComparer.Ordinal);

    /// <summary>The node's kubelet stops answering (the node died or lost its network): it finishes no deletion.</summary>
    public void StopNode(string node) => stopped[node] = true;

    /// <summary>Both containers started and (when <paramref name="ready"/>) passing their readiness probe.</summary>
    public void Run(string ns, string pod, bool ready = true) => Report(ns, pod, "Running", ready);

    public void Report(string ns, string pod, string phase, bool ready, int? restarts = null, string? reason = null)
    {
        Require(server.Mutate(PodPath(ns, pod), o =>
        {
            var previous = o["status"]?["containerStatuses"]?[0]?["restartCount"]?.GetValue<int>() ?? 0;
            var containers = o["spec"]?["containers"]?.AsArray().Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c!["name"]!.GetValue<string>(),
                ["image"] = c["image"]?.GetValue<string>() ?? "",
                ["imageID"] = "",
                ["ready"] = ready,
                ["restartCount"] = restarts ?? previous,
                ["state"] = phase == "Running" ? new JsonObject { ["running"] = new JsonObject() } : reason is null ? new JsonObject() : new JsonObject { ["waiting"] = new JsonObject { ["reason"] = reason } },
            }).ToArray() ?? [];
            o["status"] = new JsonObject
            {
                ["phase"] = phase,
                ["reason"] = phase == "Failed" ? reason : null,
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = ready ? "True" : "False" }),
                ["containerStatuses"] = new JsonArray(containers),
            };
        }), pod);

        // What the kubelet records as it does so (kubelet event reasons: Started, BackOff, Failed).
        switch (phase, reason)
        {
            case ("Running", "CrashLoopBackOff"):
                server.RecordPodEvent(ns, pod, "Warning", "BackOff", $"Back-off restarting failed container engine in pod {pod}_{ns}");
                break;
            case ("Running", _):
                server.RecordPodEvent(ns, pod, "Normal", "Started", "Started container engine");
                break;
            case ("Failed", _):
                server.RecordPodEvent(ns, pod, "Warning", "Failed", $"Error: container engine terminated ({reason ?? "Error"})");
                break;
        }
    }

    /// <summary>A container restarted (its restart count grows); the pod is Running but not Ready until it passes its probe again.</summary>
    public void Restart(string ns, string pod, bool ready = false)
    {
        var restarts = (server.Stored($"/api/v1/namespaces/{ns}/pods").Single(p => p["metadata"]!["name"]!.GetValue<string>() == pod)["status"]?["containerStatuses"]?[0]?["restartCount"]?.GetValue<int>() ?? 0) + 1;
        Report(ns, pod, "Running", ready, restarts, "CrashLoopBackOff");
    }

    public void Fail(string ns, string pod, string reason = "Error") => Report(ns, pod, "Failed", ready: false, reason: reason);

    /// <summary>
    /// The kubelet confirms that a pod being deleted has stopped: it is gone from the API server (a watch sees DELETED).
    /// Only a deletion somebody asked for can finish: a pod without a <c>deletionTimestamp</c> (no DELETE reached the API
    /// server) is refused, so a test cannot make a pod vanish that the product never deleted.
    /// </summary>
    /// <remarks>
    /// As the real kubelet does (graceful deletion, https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination):
    /// a DELETE makes the API server set <c>metadata.deletionTimestamp</c> and <c>deletionGracePeriodSeconds</c> (the pod
    /// shows as Terminating); the kubelet on the node sees it, stops the containers within the grace period, and only then
    /// is the pod object removed. A kubelet never removes a pod object on its own initiative.
    /// </remarks>
    public void Terminate(string ns, string pod)
    {
        if (NodeOf(ns, pod) is { } node && stopped.ContainsKey(node))
        {
            throw new InvalidOperationException($"the kubelet of node '{node}' is stopped: it cannot confirm that pod '{pod}' stopped");
        }

        switch (server.FinishDeletion(PodPath(ns, pod)))
        {
            case FakeKubernetesApiServer.Deletion.Finished:
                return;
            case FakeKubernetesApiServer.Deletion.NotRequested:
                throw new InvalidOperationException(
                    $"pod '{pod}' has no deletionTimestamp: nobody sent it a DELETE, and a kubelet only finishes a deletion the API server started");
            default:
                throw new InvalidOperationException($"the fake API server has no pod '{pod}'");
        }
    }

    /// <summary>Confirms every terminating pod in the namespace (whose name starts with <paramref name="prefix"/>) on a running node; answers how many.</summary>
    public int TerminateAll(string ns, string prefix = "")
    {
        var terminating = server.Stored($"/api/v1/namespaces/{ns}/pods")
            .Where(p => p["metadata"]!["deletionTimestamp"] is not null && p["metadata"]!["name"]!.GetValue<string>().StartsWith(prefix, StringComparison.Ordinal))
            .Where(p => p["spec"]?["nodeName"]?.GetValue<string>() is not { } node || !stopped.ContainsKey(node)).Select(p => p["metadata"]!["name"]!.GetValue<string>()).ToArray();
        foreach (var pod in terminating)
        {
            server.FinishDeletion(PodPath(ns, pod));
        }

        return terminating.Length;
    }

    /// <summary>
    /// The grace period of a pod being deleted ended: its kubelet has killed what still ran and removes the pod
    /// (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination); a stopped node's does not.
    /// </summary>
    internal void GracePeriodEnded(string path, string? uid)
    {
        var pod = path[(path.LastIndexOf('/') + 1)..];
        var ns = path.Split('/')[^3];
        if (NodeOf(ns, pod) is not { } node || !stopped.ContainsKey(node))
        {
            server.FinishDeletion(path, uid);
        }
    }

    /// <summary>The node a pod is bound to; pods rendered for DRA name none (the fake has no scheduler) and count as on a running node.</summary>
    private string? NodeOf(string ns, string pod) =>
        server.Stored($"/api/v1/namespaces/{ns}/pods").FirstOrDefault(p => p["metadata"]!["name"]!.GetValue<string>() == pod)?["spec"]?["nodeName"]?.GetValue<string>();

    private static string PodPath(string ns, string pod) => $"/api/v1/namespaces/{ns}/pods/{pod}";

    private static void Require(bool found, string pod)
    {
        if (!found)
        {
            throw new InvalidOperationException($"the fake API server has no pod '{pod}'");
        }
    }
}
