namespace ControlPlane.Wire.Deployments;

/// <summary>A Kubernetes event about a pod (scheduler, kubelet, controllers), as <c>kubectl describe pod</c> lists them.</summary>
[GenerateSerializer, Immutable, Alias("cp.PodEvent")]
public sealed record PodEvent
{
    /// <summary><c>Normal</c> or <c>Warning</c>.</summary>
    [Id(0)] public required string Type { get; set; }

    /// <summary>Short, machine-readable: <c>Scheduled</c>, <c>Pulling</c>, <c>FailedScheduling</c>, <c>BackOff</c>…</summary>
    [Id(1)] public required string Reason { get; set; }

    [Id(2)] public required string Message { get; set; }

    /// <summary>How many times it happened (Kubernetes folds repeats into one event).</summary>
    [Id(3)] public int Count { get; set; } = 1;

    /// <summary>When it last happened, when the event says.</summary>
    [Id(4)] public DateTimeOffset? LastSeen { get; set; }

    /// <summary>Who reported it (<c>default-scheduler</c>, <c>kubelet</c>…), when the event says.</summary>
    [Id(5)] public string? Source { get; set; }
}
