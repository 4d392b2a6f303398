namespace ControlPlane.Wire.Nodes;

/// <summary>Whether placement may use the node; every change is recorded with who and why.</summary>
[GenerateSerializer, Immutable, Alias("cp.CordonState")]
public sealed record CordonState
{
    public static readonly CordonState Open = new();

    [Id(0)] public bool Cordoned { get; set; }
    [Id(1)] public string? Reason { get; set; }
    [Id(2)] public string? By { get; set; }
    [Id(3)] public DateTimeOffset? At { get; set; }
}
