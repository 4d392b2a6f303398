namespace ControlPlane.Contracts.Nodes;

/// <summary>A cordon or uncordon asked for by an operator.</summary>
[GenerateSerializer, Immutable, Alias("cp.CordonChange")]
public sealed record CordonChange
{
    [Id(0)] public required bool Cordon { get; init; }
    [Id(1)] public required string Reason { get; init; }
    [Id(2)] public required string By { get; init; }
}
