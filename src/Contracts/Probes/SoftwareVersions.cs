namespace ControlPlane.Contracts.Probes;

/// <summary>Versions that must agree across the ranks of a collective (CUDA, NCCL) or gate an image (driver).</summary>
[GenerateSerializer, Immutable, Alias("cp.SoftwareVersions")]
public sealed record SoftwareVersions
{
    [Id(0)] public string Driver { get; init; } = "";

    /// <summary>CUDA version the driver supports (driver API), e.g. <c>13.0</c>.</summary>
    [Id(1)] public string Cuda { get; init; } = "";

    [Id(2)] public string? Nccl { get; init; }

    [Id(3)] public string? Kernel { get; init; }

    [Id(4)] public string? Os { get; init; }
}
