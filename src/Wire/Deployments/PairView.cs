using ControlPlane.Wire.Placement;

namespace ControlPlane.Wire.Deployments;

[GenerateSerializer, Immutable, Alias("cp.PairView")]
public sealed record PairView
{
    /// <summary><c>{deployment}/pair-{index}</c> (a spare: <c>{deployment}/spare-{n}</c>): the key of its PdPairGrain.</summary>
    [Id(0)] public required string Id { get; set; }
    /// <summary>The serving index (the router's and the endpoints' order); -1 for a spare, which serves nothing.</summary>
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

    /// <summary>
    /// The unit its Kubernetes objects, labels and reservation owners are named by (<see cref="PairUnit"/>):
    /// <c>pair-{index}</c> as placed, <c>spare-{n}</c> for a spare, kept when the spare is swapped in. Null in records
    /// written before spares: <c>pair-{index}</c>.
    /// </summary>
    [Id(10)] public string? Unit { get; set; }

    /// <summary>
    /// The revision its reservation owners carry (<c>#n</c>); null: <see cref="Revision"/>. Differs only for a spare
    /// swapped in, which takes the pair's next revision but keeps the reservations it was placed with.
    /// </summary>
    [Id(11)] public int? OwnerRevision { get; set; }
}
