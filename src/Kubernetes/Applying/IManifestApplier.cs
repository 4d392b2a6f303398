using ControlPlane.Wire.Deployments;

namespace ControlPlane.Kubernetes;

/// <summary>
/// Puts rendered manifests into a cluster, or, in plan-only mode, says that it did not. Registered by
/// the host (Silo/Hosting/KubernetesRegistration) from <see cref="KubernetesOptions"/>.
/// </summary>
public interface IManifestApplier
{
    ApplyMode Mode { get; }

    /// <summary>One line for banners, logs and API answers (which cluster, or why nothing is applied).</summary>
    string Description { get; }

    /// <summary>Server-side applies every object (field manager <c>controlplane</c>, forced), claims and services before pods.</summary>
    Task<ApplyResult> ApplyAsync(RenderedManifests manifests, CancellationToken cancellationToken = default);

    /// <summary>Deletes every object labelled with the deployment (pods, services, budgets, claims).</summary>
    Task<ApplyResult> DeleteAsync(string deployment, string? @namespace = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes the objects of some units (pairs or spares) of the deployment (pods, services, claims labelled with the unit); the rest stays.</summary>
    Task<ApplyResult> DeletePairsAsync(string deployment, IReadOnlyCollection<PairUnit> units, string? @namespace = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes a pod that is still terminating long after its grace period (its node's kubelet is gone and nobody else
    /// will): the API server forgets it at once, so a pod of the same name can be created.
    /// </summary>
    Task ForceDeletePodAsync(string pod, string? @namespace = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ReplicaPodStatus>> ListPodsAsync(string deployment, string? @namespace = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The tail of a pod's log (<see cref="PodLogTail"/>), streamed for diagnosis; null when the pod or its log is gone,
    /// the container never restarted (a previous log asked for), or in plan-only mode.
    /// </summary>
    Task<Stream?> ReadPodLogAsync(string pod, PodLogTail tail, string? @namespace = null, CancellationToken cancellationToken = default);

    /// <summary>The events about a pod (oldest first), as <c>kubectl describe pod</c> shows them; none in plan-only mode.</summary>
    Task<IReadOnlyList<PodEvent>> ListPodEventsAsync(string pod, string? @namespace = null, CancellationToken cancellationToken = default);

    /// <summary>Pod changes of the deployment as they happen, until cancelled or the server ends the watch.</summary>
    IAsyncEnumerable<PodChange> WatchPodsAsync(string deployment, string? @namespace = null, CancellationToken cancellationToken = default);
}

public enum ApplyMode
{
    PlanOnly,
    Kubernetes,
}
