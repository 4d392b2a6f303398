using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ControlPlane.Testing;

/// <summary>
/// DELETE: a pod is deleted gracefully (marked, then removed once its kubelet has stopped it), an object with
/// finalizers is marked and stays until they are removed, anything else goes at once.
/// </summary>
public sealed partial class FakeKubernetesApiServer
{
    /// <summary>The finalizer the DRA scheduler plugin puts on a claim it allocates; the resourceclaim controller takes it off once no pod reserves the claim.</summary>
    public const string ClaimDeleteProtection = "resource.kubernetes.io/delete-protection";

    /// <summary>The grace period of a pod DELETE that names none (the pod's <c>terminationGracePeriodSeconds</c>).</summary>
    public TimeSpan PodGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Claims get <see cref="ClaimDeleteProtection"/> when created (allocated at once: the fake has no scheduler).</summary>
    public bool ProtectClaims { get; set; }

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
    /// Takes a finalizer off an object, as the controller that owns it does; an object being deleted whose last
    /// finalizer goes is removed (https://kubernetes.io/docs/concepts/overview/working-with-objects/finalizers/).
    /// </summary>
    public bool RemoveFinalizer(string path, string finalizer)
    {
        lock (gate)
        {
            if (!objects.TryGetValue(path, out var o) || !Finalizers(o).Contains(finalizer))
            {
                return false;
            }

            var left = Finalizers(o).Where(f => f != finalizer).ToArray();
            o["metadata"]!["finalizers"] = left.Length > 0 ? new JsonArray([.. left.Select(f => JsonValue.Create(f))]) : null;
            if (left.Length == 0 && o["metadata"]!["deletionTimestamp"] is not null)
            {
                objects.Remove(path);
                managers.Remove(path);
                Record("DELETED", path, o);
            }
            else
            {
                Record("MODIFIED", path, o);
            }

            return true;
        }
    }

    private void OnCreated(string path, JsonObject created)
    {
        if (ProtectClaims && path.Split('/')[^2] == "resourceclaims")
        {
            created["metadata"]!["finalizers"] = new JsonArray(ClaimDeleteProtection);
        }
    }

    private async Task DeleteAsync(HttpContext context, string path)
    {
        if (RefuseDeletes is { } refused)
        {
            await StatusAsync(context, refused.Code, refused.Reason, refused.Message);
            return;
        }

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

        var isPod = path.Split('/')[^2] == "pods";
        if (isPod && GracePeriod(context.Request.Query["gracePeriodSeconds"].ToString()) is { } grace)
        {
            StartTermination(path, grace);
        }
        else if (!isPod && Finalizers(deleted).Any())
        {
            // https://kubernetes.io/docs/concepts/overview/working-with-objects/finalizers/#how-finalizers-work: the
            // object is marked (deletionTimestamp) and stays, terminating, until its finalizers are removed.
            Mutate(path, o => o["metadata"]!["deletionTimestamp"] ??= Timestamp(DateTimeOffset.UtcNow));
        }
        else
        {
            // gracePeriodSeconds=0 (kubectl delete --grace-period=0 --force): "the value zero indicates delete
            // immediately"; the API server removes the pod without waiting for the kubelet
            // (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination-forced).
            Remove(path);
        }

        await Json(context, 200, deleted);
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
            managers.Remove(path);
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

            managers.Remove(path);
            Record("DELETED", path, o);
            return true;
        }
    }

    /// <summary>The grace period a DELETE asks for (DeleteOptions.gracePeriodSeconds), <see cref="PodGracePeriod"/> when it names none; null for 0.</summary>
    private TimeSpan? GracePeriod(string requested) =>
        string.IsNullOrEmpty(requested) ? PodGracePeriod
        : long.Parse(requested, CultureInfo.InvariantCulture) is var seconds and > 0 ? TimeSpan.FromSeconds(seconds)
        : null;

    /// <summary>
    /// https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination: the API server only marks the
    /// pod (<c>deletionTimestamp</c> = now + grace, <c>deletionGracePeriodSeconds</c>); the kubelet stops it, killing
    /// what still runs when the grace period ends, and then removes the object. The API server never removes it on its
    /// own: on a node whose kubelet is gone it stays Terminating until force-deleted.
    /// </summary>
    private void StartTermination(string path, TimeSpan grace)
    {
        string? uid = null;
        var marked = Mutate(path, o =>
        {
            uid = o["metadata"]!["uid"]?.GetValue<string>();
            if (o["metadata"]!["deletionTimestamp"] is null)
            {
                o["metadata"]!["deletionTimestamp"] = Timestamp(DateTimeOffset.UtcNow.Add(grace));
                o["metadata"]!["deletionGracePeriodSeconds"] = (long)grace.TotalSeconds;
            }
        });
        if (marked)
        {
            _ = Task.Delay(grace, stopping.Token).ContinueWith(_ => Kubelet.GracePeriodEnded(path, uid), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        }
    }
}
