namespace ControlPlane.Wire.Fleet;

/// <summary>A node whose CUDA or NCCL differs from its pool's majority: collectives with it may fail to handshake.</summary>
[GenerateSerializer, Immutable, Alias("cp.VersionDrift")]
public sealed record VersionDrift
{
    [Id(0)] public required string Node { get; set; }
    [Id(1)] public required string Pool { get; set; }
    [Id(2)] public required string Field { get; set; }
    [Id(3)] public required string Value { get; set; }
    [Id(4)] public required string Majority { get; set; }
}
