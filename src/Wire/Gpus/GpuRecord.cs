using ControlPlane.Wire.Health;

namespace ControlPlane.Wire.Gpus;

/// <summary>A GPU's identity, where it was last seen, its verdict, its bounded history and the claims other nodes made on it: <c>GET /api/v1/gpus/{uuid}</c>.</summary>
[GenerateSerializer, Immutable, Alias("cp.GpuRecord")]
public sealed record GpuRecord
{
    [Id(0)] public required string Uuid { get; set; }
    [Id(1)] public required string Node { get; set; }
    [Id(2)] public required int Index { get; set; }
    [Id(3)] public required string Model { get; set; }
    [Id(4)] public required string PciBusId { get; set; }
    [Id(5)] public required DeviceHealth Health { get; set; }
    [Id(6)] public required DateTimeOffset Since { get; set; }
    [Id(7)] public HealthTransition[] History { get; set; } = [];
    /// <summary>Other nodes that reported this GPU: moves and refused claims, oldest first (bounded).</summary>
    [Id(8)] public GpuClaim[] Claims { get; set; } = [];
}
