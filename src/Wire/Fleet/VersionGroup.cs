namespace ControlPlane.Wire.Fleet;

/// <summary>Nodes of one pool that run the same driver, CUDA and NCCL.</summary>
[GenerateSerializer, Immutable, Alias("cp.VersionGroup")]
public sealed record VersionGroup
{
    [Id(0)] public required string Pool { get; set; }
    [Id(1)] public required string Driver { get; set; }
    [Id(2)] public required string Cuda { get; set; }
    [Id(3)] public string? Nccl { get; set; }
    [Id(4)] public required string[] Nodes { get; set; }
    /// <summary>True when this group's CUDA or NCCL differs from the pool's majority.</summary>
    [Id(5)] public required bool Drift { get; set; }
}
