namespace ControlPlane.Wire.Incidents;

/// <summary>
/// <c>POST /api/v1/signals/nccl-timeout</c>: an engine, sidecar or log shipper saw a collective time out. The rank whose
/// last completed collective is the furthest behind is the straggler.
/// </summary>
public sealed record NcclTimeoutSignal
{
    public required string Deployment { get; set; }
    public required int Pair { get; set; }
    public required RankProgress[] Ranks { get; set; }

    /// <summary>The collective, e.g. <c>ALLREDUCE</c> or <c>SEND</c>.</summary>
    public string? Op { get; set; }
    public long? TimeoutMs { get; set; }

    /// <summary>Log lines the sender saw (kept as evidence).</summary>
    public string[] Evidence { get; set; } = [];

    /// <summary>Who sent it (a sidecar's name); defaults to the caller's identity.</summary>
    public string? Source { get; set; }
}

/// <summary>One rank's progress through the collective sequence (PyTorch's watchdog prints both numbers).</summary>
public sealed record RankProgress
{
    public required int Rank { get; set; }
    public required long LastEnqueued { get; set; }
    public required long LastCompleted { get; set; }

    /// <summary><c>prefill</c> or <c>decode</c>; when absent, ranks 0..TP-1 are the prefill replica's GPUs, then decode's.</summary>
    public string? Role { get; set; }
}
