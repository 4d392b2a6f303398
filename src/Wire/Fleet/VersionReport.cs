namespace ControlPlane.Wire.Fleet;

/// <summary><c>GET /api/v1/fleet/versions</c>: nodes grouped by driver/CUDA/NCCL, with drift flagged.</summary>
[GenerateSerializer, Immutable, Alias("cp.VersionReport")]
public sealed record VersionReport
{
    [Id(0)] public required VersionGroup[] Groups { get; set; }
    [Id(1)] public required VersionDrift[] Drift { get; set; }
}
