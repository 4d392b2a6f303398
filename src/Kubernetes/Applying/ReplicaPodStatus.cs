namespace ControlPlane.Kubernetes;

/// <summary>A replica pod as Kubernetes reports it: enough for a PdPairGrain to move Bound → Running / Failed.</summary>
public sealed record ReplicaPodStatus
{
    public required string Name { get; init; }

    /// <summary>The unit its <c>controlplane.io/pair</c> label names (<c>pair-3</c>, <c>spare-0</c>); <see cref="Pair"/> alone stands for <c>pair-{i}</c>.</summary>
    public string? Unit
    {
        get => field ?? (Pair is { } index ? Wire.Deployments.PairUnit.Pair(index).Name : null);
        init;
    }

    /// <summary>The pair index a pod of a <c>pair-{i}</c> unit carries; null for a spare's pod.</summary>
    public int? Pair { get; init; }
    public string? Role { get; init; }
    public string? Node { get; init; }

    /// <summary><c>Pending</c>, <c>Running</c>, <c>Succeeded</c>, <c>Failed</c> or <c>Unknown</c>.</summary>
    public required string Phase { get; init; }
    public bool Ready { get; init; }

    /// <summary>Why it is not running, e.g. <c>ImagePullBackOff</c> or a scheduling message, when Kubernetes says.</summary>
    public string? Reason { get; init; }
    public int Restarts { get; init; }

    /// <summary>Deleted and not gone yet: its containers may still run on the node's GPUs.</summary>
    public bool Terminating { get; init; }

    /// <summary>
    /// A terminating pod's <c>deletionTimestamp</c>: the end of its grace period, by when its kubelet should have stopped
    /// it and removed it (https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination).
    /// </summary>
    public DateTime? DeleteBy { get; init; }

    /// <summary>When the kubelet started it, or else when it was created.</summary>
    public DateTime? Since { get; init; }
}

/// <summary>One observation: <c>Listed</c> (from a list), or a watch event <c>Added</c>, <c>Modified</c>, <c>Deleted</c>.</summary>
public sealed record PodChange(string Event, ReplicaPodStatus Pod);
