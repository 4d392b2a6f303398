namespace ControlPlane.Wire.Gpus;

/// <summary>A GPU a report claimed that another node still reports: why the report was refused.</summary>
[GenerateSerializer, Immutable, Alias("cp.GpuConflict")]
public sealed record GpuConflict
{
    [Id(0)] public required string Uuid { get; set; }
    [Id(1)] public required string Owner { get; set; }
    /// <summary>When the owner last reported the GPU.</summary>
    [Id(2)] public required DateTimeOffset OwnerLastSeen { get; set; }
    /// <summary>From when another node may take the GPU, if the owner does not report it again before.</summary>
    [Id(3)] public required DateTimeOffset MovableAt { get; set; }
}
