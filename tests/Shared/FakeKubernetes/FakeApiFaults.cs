using System.Collections.Concurrent;

namespace ControlPlane.Testing;

/// <summary>What a test can make the fake do wrong: refuse writes, not serve an API group, be slow.</summary>
public sealed partial class FakeKubernetesApiServer
{
    private TaskCompletionSource watchGate = Completed();
    private TaskCompletionSource applyGate = Completed();

    /// <summary>When set, every apply (PATCH) answers this status code and message, as an API server refusing it would.</summary>
    public (int Code, string Reason, string Message)? RefuseApplies { get; set; }

    /// <summary>When set, every DELETE answers this status code and message.</summary>
    public (int Code, string Reason, string Message)? RefuseDeletes { get; set; }

    /// <summary>When set, every read of a pod's log or of events answers this Status (an API server whose etcd is away).</summary>
    public (int Code, string Reason, string Message)? RefusePodReads { get; set; }

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

    private Task AppliesHeld()
    {
        lock (gate)
        {
            return applyGate.Task;
        }
    }

    private Task WatchesHeld()
    {
        lock (gate)
        {
            return watchGate.Task;
        }
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }
}
