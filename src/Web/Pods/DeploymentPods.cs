using System.Text;
using ControlPlane.Contracts.Deployments;
using ControlPlane.Kubernetes;
using ControlPlane.Wire.Deployments;

namespace ControlPlane.Web.Pods;

/// <summary>
/// A deployment's pods as the API and the portal read them: only pods the deployment observed (a pair's, a spare's or
/// one being removed), their log tails through the applier's log reading (the one the failover's diagnosis uses) and
/// their Kubernetes events.
/// </summary>
internal sealed class DeploymentPods(IGrainFactory grains, IManifestApplier applier)
{
    public const int DefaultTailLines = 1000;
    public const int MaxTailLines = 20_000;

    /// <summary>At most this much of a tail is read (the kubelet's <c>limitBytes</c>), so one request cannot pull a whole log into memory.</summary>
    public const long MaxBytes = 4 * 1024 * 1024;

    public const string PlanOnlyMessage =
        "The control plane runs plan-only (no ControlPlane:Kubernetes cluster): nothing is applied, so there are no pods to read.";

    public bool PlanOnly => applier.Mode == ApplyMode.PlanOnly;

    public static string NoLogMessage(string pod, bool previous) => previous
        ? $"Pod {pod} has no previous container log: its container never restarted, or the pod is gone."
        : $"Pod {pod} has no log: it is gone or its container has not started.";

    public static string UnknownPodMessage(string deployment, string pod, string[] names) => names.Length == 0
        ? $"Deployment {deployment} has no observed pods."
        : $"Pod {pod} is not one of deployment {deployment}'s pods ({string.Join(", ", names)}).";

    /// <summary>The deployment and its observed pod named <paramref name="pod"/>.</summary>
    public async Task<PodLookup> FindAsync(string deployment, string pod)
    {
        if (await grains.GetGrain<IModelDeploymentGrain>(deployment).GetAsync() is not { } view)
        {
            return new PodLookup(null, null, []);
        }

        PodView[] pods = [.. view.Pairs.Concat(view.Spares).Concat(view.Removing).SelectMany(p => p.Pods)];
        return new PodLookup(view, pods.FirstOrDefault(p => p.Name == pod), [.. pods.Select(p => p.Name).Distinct()]);
    }

    /// <summary>
    /// The last <paramref name="lines"/> lines (at most <see cref="MaxBytes"/>); null when the pod or that log is gone.
    /// An API server that does not answer is <see cref="PodReadFailedException"/>.
    /// </summary>
    public async Task<string?> ReadLogAsync(string pod, bool previous, int lines, CancellationToken cancellationToken)
    {
        try
        {
            await using var log = await applier.ReadPodLogAsync(pod, new PodLogTail(lines, MaxBytes, previous), cancellationToken: cancellationToken);
            if (log is null)
            {
                return null;
            }

            using var reader = new StreamReader(log, Encoding.UTF8);
            return await reader.ReadToEndAsync(cancellationToken);
        }
        catch (Exception e) when (ClusterFailed(e, cancellationToken))
        {
            throw new PodReadFailedException($"The Kubernetes API did not give the log of {pod}: {e.Message}", e);
        }
    }

    public async Task<IReadOnlyList<PodEvent>> EventsAsync(string pod, CancellationToken cancellationToken)
    {
        try
        {
            return await applier.ListPodEventsAsync(pod, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (ClusterFailed(e, cancellationToken))
        {
            throw new PodReadFailedException($"The Kubernetes API did not list the events of {pod}: {e.Message}", e);
        }
    }

    private static bool ClusterFailed(Exception e, CancellationToken cancellationToken) =>
        e is k8s.Autorest.HttpOperationException or HttpRequestException or k8s.KubernetesException or IOException
        || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested);
}

/// <summary>The API server did not answer a pod read: nothing was read, try again.</summary>
internal sealed class PodReadFailedException(string message, Exception inner) : Exception(message, inner);

/// <summary>What <see cref="DeploymentPods.FindAsync"/> found: no deployment (null view), or the pod (null when not one of <see cref="Names"/>).</summary>
internal sealed record PodLookup(DeploymentView? Deployment, PodView? Pod, string[] Names);
