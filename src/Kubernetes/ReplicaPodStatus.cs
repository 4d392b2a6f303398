namespace ControlPlane.Kubernetes;

/// <summary>A replica pod as Kubernetes reports it: enough for a PdPairGrain to move Bound → Running / Failed.</summary>
public sealed record ReplicaPodStatus
{
    public required string Name { get; init; }
    public int? Pair { get; init; }
    public string? Role { get; init; }
    public string? Node { get; init; }

    /// <summary><c>Pending</c>, <c>Running</c>, <c>Succeeded</c>, <c>Failed</c> or <c>Unknown</c>.</summary>
    public required string Phase { get; init; }
    public bool Ready { get; init; }

    /// <summary>Why it is not running, e.g. <c>ImagePullBackOff</c> or a scheduling message, when Kubernetes says.</summary>
    public string? Reason { get; init; }
    public int Restarts { get; init; }
}

/// <summary>One watch event: <c>Added</c>, <c>Modified</c>, <c>Deleted</c> (or <c>Error</c>).</summary>
public sealed record PodChange(string Event, ReplicaPodStatus Pod);
