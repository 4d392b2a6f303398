using ControlPlane.Contracts.Nodes;
using ControlPlane.Kubernetes;
using ControlPlane.Wire.Health;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Grains.Deployments;

/// <summary>A deployment's pods left terminating on a node that stopped reporting: force-deleted, and said.</summary>
internal sealed partial class StuckPods(DeploymentScope d)
{
    /// <summary>
    /// The API server keeps a deleted pod Terminating until its kubelet confirms it stopped; on a dead or unreachable
    /// node nobody ever does (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination-forced),
    /// and a pair re-placed under the same names would wait forever. Such a pod, past its grace period and
    /// <see cref="DeploymentOptions.ForceDeleteAfter"/>, is force-deleted only when the fleet has stopped hearing from
    /// its node (NotReady, or not in the fleet at all): on a live node a pod stuck terminating may still hold its GPUs (a CUDA process
    /// in D state after an XID), so it is left to the kubelet and said. Force-deleted pods still count until a listing no
    /// longer shows them: their GPUs are released by what is observed, not by what was asked.
    /// </summary>
    public async Task<IReadOnlyList<ReplicaPodStatus>> ForceDeleteAsync(IReadOnlyList<ReplicaPodStatus> pods)
    {
        var now = d.Clock.GetUtcNow();
        var stuck = pods.Where(p => p.Terminating && p.DeleteBy is { } by && Utc(by) + d.Options.ForceDeleteAfter <= now && !_forced.Contains(p.Name)).ToArray();
        var deleted = new List<string>();
        var alive = new List<string>();
        foreach (var pod in stuck)
        {
            if (pod.Node is null || await NodeAnswersAsync(pod.Node))
            {
                alive.Add(pod.Node is null ? pod.Name : $"{pod.Name} on {pod.Node}");
                continue;
            }

            try
            {
                await d.Applier.ForceDeletePodAsync(pod.Name);
                _forced.Add(pod.Name);
                deleted.Add($"{pod.Name} on {pod.Node}");
                LogForceDeleted(d.Logger, d.Name, pod.Name, pod.Node);
            }
            catch (Exception e) when (ObjectSync.IsClusterFailure(e))
            {
                LogForceDeleteFailed(d.Logger, e, d.Name, pod.Name);
            }
        }

        foreach (var pod in alive.Where(_told.Add))
        {
            LogLeftToKubelet(d.Logger, d.Name, pod);
        }

        if (deleted.Count > 0)
        {
            await d.WriteAsync(d.Record with { Message = $"force-deleted {string.Join(", ", deleted)}: its node stopped reporting and its kubelet never confirmed the deletion" });
        }

        return pods;
    }

    /// <summary>Pods this activation already force-deleted: one with a finalizer outlives the request and is not asked again.</summary>
    private readonly HashSet<string> _forced = new(StringComparer.Ordinal);

    /// <summary>Pods stuck on a live node already logged: said once, not on every resync.</summary>
    private readonly HashSet<string> _told = new(StringComparer.Ordinal);

    /// <summary>
    /// A node the fleet still hears from (Ready, or only a few reports missed): known and not NotReady, judged now (the
    /// node's own liveness check first, not its last timer tick).
    /// </summary>
    private async Task<bool> NodeAnswersAsync(string node)
    {
        var grain = d.Grains.GetGrain<INodeGrain>(node);
        await grain.CheckLivenessAsync();
        return await grain.GetAsync() is { Readiness: not Readiness.NotReady };
    }

    private static DateTimeOffset Utc(DateTime at) =>
        new(at.Kind == DateTimeKind.Local ? at.ToUniversalTime() : DateTime.SpecifyKind(at, DateTimeKind.Utc));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {Name}: pod {Pod} on node {Node} was still terminating past its grace period; force-deleted")]
    private static partial void LogForceDeleted(ILogger logger, string name, string pod, string? node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {Name}: {Pod} is still terminating past its grace period on a node that reports; left to its kubelet (its containers may still hold the GPUs)")]
    private static partial void LogLeftToKubelet(ILogger logger, string name, string pod);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {Name}: force-deleting pod {Pod} failed; retried by the next resync")]
    private static partial void LogForceDeleteFailed(ILogger logger, Exception exception, string name, string pod);
}
