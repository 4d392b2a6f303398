namespace ControlPlane.Contracts.Nodes;

[GenerateSerializer, Immutable, Alias("cp.CordonRecord")]
public sealed record CordonRecord
{
    [Id(0)] public required bool Cordoned { get; init; }
    [Id(1)] public required string Reason { get; init; }
    [Id(2)] public required string By { get; init; }
    [Id(3)] public required DateTimeOffset At { get; init; }
}
