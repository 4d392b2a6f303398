namespace ControlPlane.Contracts.Nodes;

/// <summary>Whether placement may use the node; every change is recorded with who and why.</summary>
[GenerateSerializer, Immutable, Alias("cp.CordonState")]
public sealed record CordonState
{
    public static readonly CordonState Open = new();

    [Id(0)] public bool Cordoned { get; init; }
    [Id(1)] public string? Reason { get; init; }
    [Id(2)] public string? By { get; init; }
    [Id(3)] public DateTimeOffset? At { get; init; }
}
