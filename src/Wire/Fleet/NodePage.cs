namespace ControlPlane.Wire.Fleet;

/// <summary>One page of a node listing; <see cref="Continue"/> is null on the last page.</summary>
[GenerateSerializer, Immutable, Alias("cp.NodePage")]
public sealed record NodePage
{
    [Id(0)] public required NodeSummary[] Items { get; set; }
    [Id(1)] public string? Continue { get; set; }
}
