using ControlPlane.Wire.Placement;

namespace ControlPlane.Wire.Deployments;

[GenerateSerializer, Immutable, Alias("cp.PairView")]
public sealed record PairView
{
    /// <summary><c>{deployment}/pair-{index}</c>: the key of its PdPairGrain.</summary>
    [Id(0)] public required string Id { get; set; }
    [Id(1)] public required int Index { get; set; }
    [Id(2)] public required PairState State { get; set; }
    [Id(3)] public required PairPlacement Placement { get; set; }
    [Id(4)] public DateTimeOffset Since { get; set; }

    /// <summary>Its prefill and decode pods as last observed (empty until applied, and in plan-only mode).</summary>
    [Id(5)] public PodView[] Pods { get; set; } = [];

    /// <summary>Why it is in its state (the last transition's reason).</summary>
    [Id(6)] public string? Reason { get; set; }

    /// <summary>How many times this pair was re-placed by a failover; its reservations' owners carry it (<c>#2</c>).</summary>
    [Id(7)] public int Revision { get; set; }

    /// <summary>The incident whose failover placed it (or, while it is being removed, replaced it).</summary>
    [Id(8)] public string? Incident { get; set; }

    /// <summary>Set once its logs were read after it ran: the wire NCCL chose was compared with the tier it was placed on.</summary>
    [Id(9)] public string? WireCheck { get; set; }
}
