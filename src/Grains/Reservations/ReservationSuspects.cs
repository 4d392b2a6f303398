namespace ControlPlane.Grains.Reservations;

/// <summary>The reconciler's stored state: allocations no live pair owned when last looked at, and since when.</summary>
[GenerateSerializer, Immutable, Alias("cp.ReservationSuspects")]
public sealed record ReservationSuspects
{
    [Id(0)] public ReservationSuspect[] Suspects { get; init; } = [];
}

[GenerateSerializer, Immutable, Alias("cp.ReservationSuspect")]
public sealed record ReservationSuspect
{
    [Id(0)] public required string Node { get; init; }
    [Id(1)] public required string Owner { get; init; }
    [Id(2)] public required DateTimeOffset Since { get; init; }
}
