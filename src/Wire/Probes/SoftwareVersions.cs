namespace ControlPlane.Wire.Probes;

/// <summary>Versions that must agree across the ranks of a collective (CUDA, NCCL) or gate an image (driver).</summary>
[GenerateSerializer, Immutable, Alias("cp.SoftwareVersions")]
public sealed record SoftwareVersions
{
    [Id(0)] public string Driver { get; set; } = "";

    /// <summary>CUDA version the driver supports (driver API), e.g. <c>13.0</c>.</summary>
    [Id(1)] public string Cuda { get; set; } = "";

    [Id(2)] public string? Nccl { get; set; }

    [Id(3)] public string? Kernel { get; set; }

    [Id(4)] public string? Os { get; set; }
}
