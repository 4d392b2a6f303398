namespace ControlPlane.Wire.Nodes;

[GenerateSerializer, Immutable, Alias("cp.CordonRecord")]
public sealed record CordonRecord
{
    [Id(0)] public required bool Cordoned { get; set; }
    [Id(1)] public required string Reason { get; set; }
    [Id(2)] public required string By { get; set; }
    [Id(3)] public required DateTimeOffset At { get; set; }
}
