namespace ControlPlane.Wire.Gpus;

/// <summary>One entry of a GPU's bounded claim history: a node other than its owner reported it.</summary>
[GenerateSerializer, Immutable, Alias("cp.GpuClaim")]
public sealed record GpuClaim
{
    [Id(0)] public required GpuClaimKind Kind { get; set; }
    /// <summary>The node that reported the GPU.</summary>
    [Id(1)] public required string Claimant { get; set; }
    /// <summary>The node the GPU belonged to when the claim came.</summary>
    [Id(2)] public required string Owner { get; set; }
    [Id(3)] public required DateTimeOffset At { get; set; }
}
