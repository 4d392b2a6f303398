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
}
