using ControlPlane.Contracts.Placement;

namespace ControlPlane.Contracts.Deployments;

[GenerateSerializer, Immutable, Alias("cp.PairView")]
public sealed record PairView
{
    /// <summary><c>{deployment}/pair-{index}</c>: the key of its PdPairGrain.</summary>
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required int Index { get; init; }
    [Id(2)] public required PairState State { get; init; }
    [Id(3)] public required PairPlacement Placement { get; init; }
    [Id(4)] public DateTimeOffset Since { get; init; }
}
