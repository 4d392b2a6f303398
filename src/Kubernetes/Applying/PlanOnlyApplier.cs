using System.Runtime.CompilerServices;
using ControlPlane.Wire.Deployments;

namespace ControlPlane.Kubernetes;

/// <summary>No cluster configured: manifests are rendered and returned, nothing is applied, and every answer says so.</summary>
public sealed class PlanOnlyApplier : IManifestApplier
{
    public const string Reason =
        "plan-only: no ControlPlane:Kubernetes:Kubeconfig and InCluster is false, so manifests are rendered but not applied";

    public ApplyMode Mode => ApplyMode.PlanOnly;

    public string Description => Reason;

    public Task<ApplyResult> ApplyAsync(RenderedManifests manifests, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ApplyResult
        {
            Mode = ApplyMode.PlanOnly,
            Done = false,
            Message = $"{Reason}; {manifests.Objects.Count} objects of '{manifests.Deployment}' not sent.",
            Objects = [.. manifests.Objects.Select(KubernetesObjects.Ref)],
        });

    public Task<ApplyResult> DeleteAsync(string deployment, string? @namespace = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ApplyResult { Mode = ApplyMode.PlanOnly, Done = false, Message = $"{Reason}; nothing to delete for '{deployment}'." });

    public Task<ApplyResult> DeletePairsAsync(string deployment, IReadOnlyCollection<PairUnit> units, string? @namespace = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ApplyResult { Mode = ApplyMode.PlanOnly, Done = false, Message = $"{Reason}; nothing to delete for {string.Join(", ", units ?? [])} of '{deployment}'." });

    public Task ForceDeletePodAsync(string pod, string? @namespace = null, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IReadOnlyList<ReplicaPodStatus>> ListPodsAsync(string deployment, string? @namespace = null, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ReplicaPodStatus>>([]);

    public Task<Stream?> ReadPodLogAsync(string pod, PodLogTail tail, string? @namespace = null, CancellationToken cancellationToken = default) =>
        Task.FromResult<Stream?>(null);

    public Task<IReadOnlyList<PodEvent>> ListPodEventsAsync(string pod, string? @namespace = null, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<PodEvent>>([]);

    public async IAsyncEnumerable<PodChange> WatchPodsAsync(string deployment, string? @namespace = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        yield break;
    }
}
