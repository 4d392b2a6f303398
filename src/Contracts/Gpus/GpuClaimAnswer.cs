namespace ControlPlane.Contracts.Gpus;

/// <summary>A GPU grain's answer to a node that reports the GPU for the first time: it may, or the owner still reports it.</summary>
[GenerateSerializer, Immutable, Alias("cp.GpuClaimAnswer")]
public sealed record GpuClaimAnswer
{
    public static readonly GpuClaimAnswer Granted = new() { IsGranted = true };

    [Id(0)] public required bool IsGranted { get; init; }
    /// <summary>When refused: the node that still reports the GPU.</summary>
    [Id(1)] public string? Owner { get; init; }
    [Id(2)] public DateTimeOffset OwnerLastSeen { get; init; }
    [Id(3)] public DateTimeOffset MovableAt { get; init; }
}
