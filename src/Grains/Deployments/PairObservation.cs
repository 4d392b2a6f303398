using ControlPlane.Kubernetes;
using ControlPlane.Wire.Deployments;

namespace ControlPlane.Grains.Deployments;

/// <summary>
/// A pair's next state from its pods as the cluster reports them (pure; the grain records the transition):
/// Bound → Running when both replicas are Ready; Running → Degraded when one restarts or is not Ready for
/// <see cref="DeploymentOptions.DegradedAfter"/>; Degraded → Running when both are Ready again without a new
/// restart; → Failed when a pod fails or disappears. Failed stays Failed.
/// </summary>
public static class PairObservation
{
    public sealed record Outcome(PairState State, string? Reason, PodView[] Pods);

    public static Outcome Observe(PairView pair, IEnumerable<ReplicaPodStatus> pods, DateTimeOffset now, TimeSpan degradedAfter)
    {
        var previous = pair.Pods.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var unit = PairUnit.Of(pair).Name;
        var views = pods.Where(p => p.Unit == unit)
            .OrderBy(p => p.Role == "prefill" ? 0 : 1)
            .Select(p => View(p, previous.GetValueOrDefault(p.Name), now))
            .ToArray();
        var state = pair.State;
        if (state is not (PairState.Bound or PairState.Running or PairState.Degraded))
        {
            return new Outcome(state, pair.Reason, views);
        }

        if (views.FirstOrDefault(p => p.Phase == "Failed") is { } failed)
        {
            return new Outcome(PairState.Failed, $"pod {failed.Name} failed{(failed.Reason is { } r ? $": {r}" : "")}", views);
        }

        var missing = pair.Pods.Where(p => views.All(v => v.Name != p.Name)).Select(p => p.Name).ToArray();
        if (missing.Length > 0)
        {
            return new Outcome(PairState.Failed, $"pod {string.Join(", ", missing)} disappeared", views);
        }

        if (views.FirstOrDefault(p => p.Terminating) is { } terminating)
        {
            return new Outcome(PairState.Failed, $"pod {terminating.Name} is being deleted", views);
        }

        var restarted = views.FirstOrDefault(v => previous.TryGetValue(v.Name, out var before) && v.Restarts > before.Restarts);
        if (state is PairState.Running && restarted is not null)
        {
            return new Outcome(PairState.Degraded, $"pod {restarted.Name} restarted ({restarted.Restarts} restarts)", views);
        }

        var allReady = views.Length == 2 && views.All(v => v.Ready);
        if (allReady && restarted is null)
        {
            return new Outcome(PairState.Running, state == PairState.Degraded ? "both pods Ready again" : "both pods Ready", views);
        }

        var slow = views.FirstOrDefault(v => !v.Ready && now - v.Since >= degradedAfter);
        if (state is PairState.Running && slow is not null)
        {
            return new Outcome(PairState.Degraded, $"pod {slow.Name} not Ready for {(now - slow.Since).TotalSeconds:0}s{(slow.Reason is { } why ? $" ({why})" : "")}", views);
        }

        return new Outcome(state, pair.Reason, views);
    }

    private static PodView View(ReplicaPodStatus pod, PodView? before, DateTimeOffset now) => new()
    {
        Name = pod.Name,
        Role = pod.Role,
        Phase = pod.Phase,
        Ready = pod.Ready,
        Restarts = pod.Restarts,
        Reason = pod.Reason,
        Terminating = pod.Terminating,
        Since = before is not null && before.Phase == pod.Phase && before.Ready == pod.Ready ? before.Since : now,
    };
}
