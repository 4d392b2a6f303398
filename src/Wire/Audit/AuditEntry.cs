namespace ControlPlane.Wire.Audit;

/// <summary>One operator action, written once its outcome is known: who did what to which target, when, and how it ended.</summary>
[GenerateSerializer, Immutable, Alias("cp.AuditEntry")]
public sealed record AuditEntry
{
    /// <summary>Assigned by the log, increasing: newer entries have larger numbers.</summary>
    [Id(0)] public long Seq { get; set; }
    [Id(1)] public required DateTimeOffset At { get; set; }

    /// <summary>The authenticated principal's name (<c>anonymous</c> when the request carried no valid credentials).</summary>
    [Id(2)] public required string Who { get; set; }

    /// <summary><c>cordon</c>, <c>uncordon</c>, <c>put-deployment</c>, <c>delete-deployment</c>, <c>failover</c>, <c>ack-incident</c>, <c>resolve-incident</c>, <c>reset-sequence</c>, <c>issue-token</c>.</summary>
    [Id(3)] public required string Action { get; set; }

    /// <summary>What it acted on: <c>node h20-01</c>, <c>deployment qwen</c>, <c>deployment qwen pair 0</c>, <c>incident inc-…</c>.</summary>
    [Id(4)] public required string Target { get; set; }

    /// <summary><see cref="AuditOutcomes.Ok"/> or <see cref="AuditOutcomes.Refused"/>.</summary>
    [Id(5)] public required string Outcome { get; set; }

    /// <summary>The HTTP status it was answered with (the portal's actions give the status the API would have).</summary>
    [Id(6)] public int Status { get; set; }

    /// <summary><c>api</c> or <c>portal</c>.</summary>
    [Id(7)] public required string Via { get; set; }

    /// <summary>Why it was refused, when the portal knows.</summary>
    [Id(8)] public string? Detail { get; set; }
}
