using System.Net;
using System.Runtime.CompilerServices;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Kubernetes;

/// <summary>
/// Applies rendered manifests with server-side apply (<c>application/apply-patch+yaml</c>, field manager
/// <see cref="KubernetesOptions.FieldManager"/>, <c>force=true</c> so the control plane wins conflicts on the fields it
/// owns), lists and watches a deployment's pods by label, deletes its objects by label.
/// Pods and claims are immutable in the fields placement decides: a pair that moves GPUs is deleted, then applied.
/// </summary>
public sealed partial class KubernetesApplier(IKubernetes client, IOptions<KubernetesOptions> options, ILogger<KubernetesApplier> logger) : IManifestApplier
{
    private readonly KubernetesOptions options = options.Value;

    public ApplyMode Mode => ApplyMode.Kubernetes;

    public string Description => $"applying to {client.BaseUri} (namespace {options.Namespace}, field manager {options.FieldManager})";

    public async Task<ApplyResult> ApplyAsync(RenderedManifests manifests, CancellationToken cancellationToken = default)
    {
        var applied = new List<ObjectRef>();
        foreach (var o in manifests.Objects)
        {
            var reference = KubernetesObjects.Ref(o);
            // JSON is YAML: KubernetesClient writes a string patch body verbatim as JSON, the content type stays apply-patch+yaml.
            var patch = new V1Patch(KubernetesJson.Serialize(o), V1Patch.PatchType.ApplyPatch);
            var ns = string.IsNullOrEmpty(reference.Namespace) ? manifests.Namespace : reference.Namespace;
            _ = o switch
            {
                V1Pod => await client.CoreV1.PatchNamespacedPodAsync(patch, reference.Name, ns, fieldManager: options.FieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false) as object,
                V1Service => await client.CoreV1.PatchNamespacedServiceAsync(patch, reference.Name, ns, fieldManager: options.FieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
                V1Deployment => await client.AppsV1.PatchNamespacedDeploymentAsync(patch, reference.Name, ns, fieldManager: options.FieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
                V1PodDisruptionBudget => await client.PolicyV1.PatchNamespacedPodDisruptionBudgetAsync(patch, reference.Name, ns, fieldManager: options.FieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false),
                ComputeDomain => await ApplyComputeDomainAsync(patch, reference.Name, ns, cancellationToken).ConfigureAwait(false),
                Resourcev1ResourceClaim => NotTerminating(await client.ResourceV1.PatchNamespacedResourceClaimAsync(patch, reference.Name, ns, fieldManager: options.FieldManager, force: true, cancellationToken: cancellationToken).ConfigureAwait(false)),
                _ => throw new NotSupportedException($"The applier does not know how to apply a {o.ApiVersion} {o.Kind}."),
            };
            applied.Add(reference with { Namespace = ns });
            LogApplied(reference.Kind, ns, reference.Name, manifests.Deployment);
        }

        return new ApplyResult
        {
            Mode = ApplyMode.Kubernetes,
            Done = true,
            Message = $"applied {applied.Count} objects of '{manifests.Deployment}' to namespace {manifests.Namespace}.",
            Objects = applied,
        };
    }

    /// <summary>A claim the apply landed on while it was being deleted is not one the pods can use: see <see cref="ClaimStillTerminatingException"/>.</summary>
    private static Resourcev1ResourceClaim NotTerminating(Resourcev1ResourceClaim claim) =>
        claim.Metadata?.DeletionTimestamp is null
            ? claim
            : throw new ClaimStillTerminatingException(claim.Metadata.NamespaceProperty, claim.Metadata.Name, [.. claim.Metadata.Finalizers ?? []]);

    /// <summary>
    /// Deletes a pod with <c>gracePeriodSeconds=0</c>: the API server removes it without waiting for its kubelet
    /// (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination-forced).
    /// </summary>
    public async Task ForceDeletePodAsync(string pod, string? @namespace = null, CancellationToken cancellationToken = default) =>
        await Ignore404(client.CoreV1.DeleteNamespacedPodAsync(pod, @namespace ?? options.Namespace, gracePeriodSeconds: 0, cancellationToken: cancellationToken)).ConfigureAwait(false);

    public async Task<IReadOnlyList<ReplicaPodStatus>> ListPodsAsync(string deployment, string? @namespace = null, CancellationToken cancellationToken = default)
    {
        var pods = await client.CoreV1.ListNamespacedPodAsync(@namespace ?? options.Namespace, labelSelector: ControlPlaneLabels.SelectorFor(deployment), cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. pods.Items.Select(Observed).OrderBy(p => p.Pair ?? int.MaxValue).ThenBy(p => p.Unit, StringComparer.Ordinal).ThenBy(p => p.Role == "prefill" ? 0 : 1)];
    }

    public async Task<Stream?> ReadPodLogAsync(string pod, PodLogTail tail, string? @namespace = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tail);
        try
        {
            // tailLines picks the end; limitBytes only caps what is read from there (alone it would read the head).
            return await client.CoreV1.ReadNamespacedPodLogAsync(
                pod, @namespace ?? options.Namespace, tailLines: tail.Lines, limitBytes: (int)Math.Min(tail.MaxBytes, int.MaxValue),
                previous: tail.Previous ? true : null, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest)
        {
            // Gone, not started yet (400 "container is waiting to start") or never restarted (400 "previous terminated
            // container … not found"): nothing to diagnose.
            return null;
        }
    }

    /// <summary>
    /// Lists the pods (each as <c>Listed</c>, and <c>Deleted</c> for any seen before that the list no longer has), then
    /// watches from the list's resourceVersion; when the watch ends it resumes from the last version seen, and when the
    /// server answers 410 Expired (the version was compacted away) it lists again. Runs until cancelled.
    /// </summary>
    public async IAsyncEnumerable<PodChange> WatchPodsAsync(string deployment, string? @namespace = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var ns = @namespace ?? options.Namespace;
        var selector = ControlPlaneLabels.SelectorFor(deployment);
        var known = new HashSet<string>(StringComparer.Ordinal);
        string? version = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (version is null)
            {
                var list = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: selector, cancellationToken: cancellationToken).ConfigureAwait(false);
                version = list.Metadata.ResourceVersion;
                var listed = list.Items.Select(Observed).ToList();
                foreach (var gone in known.Except(listed.Select(p => p.Name), StringComparer.Ordinal).ToList())
                {
                    known.Remove(gone);
                    yield return new PodChange("Deleted", new ReplicaPodStatus { Name = gone, Phase = "Unknown" });
                }

                foreach (var pod in listed)
                {
                    known.Add(pod.Name);
                    yield return new PodChange("Listed", pod);
                }
            }

            var expired = false;
            var changes = client.CoreV1.WatchListNamespacedPodAsync(ns, labelSelector: selector, resourceVersion: version, allowWatchBookmarks: true, onError: e =>
            {
                if (e is KubernetesException { Status.Code: 410 } || e is HttpOperationException { Response.StatusCode: HttpStatusCode.Gone })
                {
                    expired = true;
                }
                else
                {
                    LogWatchError(e, deployment);
                }
            }, cancellationToken: cancellationToken);
            var events = changes.GetAsyncEnumerator(cancellationToken);
            await using var _ = events.ConfigureAwait(false);
            while (await NextOrGoneAsync(events, () => expired = true).ConfigureAwait(false) is { } next)
            {
                var (type, pod) = next;

                // A BOOKMARK carries only the version the watch has seen up to: resuming from it needs no list.
                version = pod.Metadata?.ResourceVersion ?? version;
                if (type is WatchEventType.Bookmark or WatchEventType.Error)
                {
                    continue;
                }

                var status = Observed(pod);
                if (type == WatchEventType.Deleted)
                {
                    known.Remove(status.Name);
                }
                else
                {
                    known.Add(status.Name);
                }

                yield return new PodChange(type.ToString(), status);
            }

            if (expired)
            {
                LogWatchExpired(deployment, version);
                version = null;
            }
        }
    }

    /// <summary>
    /// The next watch event, or null when the watch ended. A watch from a compacted version is 410 Gone either as an
    /// ERROR event (handed to onError) or, before any event, as the HTTP status of the watch request itself
    /// (https://kubernetes.io/docs/reference/using-api/api-concepts/#410-gone-responses): both end the watch as expired.
    /// </summary>
    private static async Task<(WatchEventType Type, V1Pod Pod)?> NextOrGoneAsync(IAsyncEnumerator<(WatchEventType, V1Pod)> events, Action gone)
    {
        try
        {
            return await events.MoveNextAsync().ConfigureAwait(false) ? events.Current : null;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)
        {
            gone();
            return null;
        }
    }

    /// <summary>A pod's status, with whether it is being deleted and since when it runs.</summary>
    private static ReplicaPodStatus Observed(V1Pod pod) => KubernetesObjects.Status(pod) with
    {
        Terminating = pod.Metadata.DeletionTimestamp is not null,
        DeleteBy = pod.Metadata.DeletionTimestamp,
        Since = pod.Status?.StartTime ?? pod.Metadata.CreationTimestamp,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Kind} {Namespace}/{Name} of deployment {Deployment}")]
    private partial void LogApplied(string kind, string @namespace, string name, string deployment);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} objects of deployment {Deployment} in {Namespace}")]
    private partial void LogDeleted(int count, string deployment, string @namespace);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of the pods of deployment {Deployment} expired at resourceVersion {Version}; listing again")]
    private partial void LogWatchExpired(string deployment, string? version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch of the pods of deployment {Deployment} failed")]
    private partial void LogWatchError(Exception exception, string deployment);
}
