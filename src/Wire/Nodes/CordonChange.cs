namespace ControlPlane.Wire.Nodes;

/// <summary>A cordon or uncordon asked for by an operator.</summary>
[GenerateSerializer, Immutable, Alias("cp.CordonChange")]
public sealed record CordonChange
{
    [Id(0)] public required bool Cordon { get; set; }
    [Id(1)] public required string Reason { get; set; }
    [Id(2)] public required string By { get; set; }
}
