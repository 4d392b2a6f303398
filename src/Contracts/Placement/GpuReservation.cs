using ControlPlane.Wire.Placement;

namespace ControlPlane.Contracts.Placement;

/// <summary>A request to a node grain to hold exact GPUs for one replica: all of them or none.</summary>
[GenerateSerializer, Immutable, Alias("cp.GpuReservation")]
public sealed record GpuReservation
{
    /// <summary>Who holds them, e.g. <c>qwen-72b/pair-0/prefill</c>; reserving again for the same owner is idempotent.</summary>
    [Id(0)] public required string Owner { get; init; }
    [Id(1)] public required int[] GpuIndices { get; init; }

    /// <summary>The generation of the owner's spec that placed it, recorded beside the allocation.</summary>
    [Id(2)] public long Generation { get; init; }
}

/// <summary>The node grain's answer: reserved, or why not (taken, unhealthy, unknown GPU, cordoned).</summary>
[GenerateSerializer, Immutable, Alias("cp.ReservationResult")]
public sealed record ReservationResult
{
    [Id(0)] public required bool Reserved { get; init; }
    [Id(1)] public string? Conflict { get; init; }
    [Id(2)] public PlacementNode? Node { get; init; }
}
