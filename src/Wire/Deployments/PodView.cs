namespace ControlPlane.Wire.Deployments;

/// <summary>One replica pod of a pair as last observed in the cluster.</summary>
[GenerateSerializer, Immutable, Alias("cp.PodView")]
public sealed record PodView
{
    [Id(0)] public required string Name { get; set; }

    /// <summary><c>prefill</c> or <c>decode</c>.</summary>
    [Id(1)] public string? Role { get; set; }

    /// <summary><c>Pending</c>, <c>Running</c>, <c>Succeeded</c>, <c>Failed</c> or <c>Unknown</c>.</summary>
    [Id(2)] public required string Phase { get; set; }
    [Id(3)] public bool Ready { get; set; }
    [Id(4)] public int Restarts { get; set; }

    /// <summary>When the control plane first saw it in this phase and readiness.</summary>
    [Id(5)] public DateTimeOffset Since { get; set; }

    /// <summary>Why it is not running (<c>ImagePullBackOff</c>, a scheduling message, a failure reason), when Kubernetes says.</summary>
    [Id(6)] public string? Reason { get; set; }

    /// <summary>Deleted, and its containers may still be running.</summary>
    [Id(7)] public bool Terminating { get; set; }
}
