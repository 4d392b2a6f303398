using ControlPlane.Wire.Health;

namespace ControlPlane.Wire.Fleet;

/// <summary>
/// The compact line the fleet index keeps per node: enough to list, filter and place without
/// asking the node. Nodes send it when it changes (and refresh <see cref="LastSeen"/> rarely).
/// </summary>
[GenerateSerializer, Immutable, Alias("cp.NodeSummary")]
public sealed record NodeSummary
{
    [Id(0)] public required string Node { get; set; }
    [Id(1)] public required string Pool { get; set; }
    [Id(2)] public string? Rack { get; set; }
    [Id(3)] public required HealthStatus Health { get; set; }
    [Id(4)] public required Readiness Readiness { get; set; }
    [Id(5)] public required bool Cordoned { get; set; }
    [Id(6)] public required int GpuCount { get; set; }
    [Id(7)] public required int HealthyGpus { get; set; }
    [Id(8)] public string GpuModel { get; set; } = "";
    [Id(9)] public string ComputeCapability { get; set; } = "";
    /// <summary>Best GPU-to-GPU link on the node: <c>NV18</c>, <c>PHB</c>…</summary>
    [Id(10)] public string Interconnect { get; set; } = "";
    [Id(11)] public required int ActiveNics { get; set; }
    [Id(12)] public required int Nics { get; set; }
    [Id(13)] public string Driver { get; set; } = "";
    [Id(14)] public string Cuda { get; set; } = "";
    [Id(15)] public string? Nccl { get; set; }
    [Id(16)] public required DateTimeOffset LastSeen { get; set; }
    [Id(17)] public string[] ReasonCodes { get; set; } = [];

    /// <summary>Equal in everything but <see cref="LastSeen"/>: no need to tell the fleet.</summary>
    public bool SameFactsAs(NodeSummary? other) =>
        other is not null && this with { LastSeen = default, ReasonCodes = [] } == other with { LastSeen = default, ReasonCodes = [] }
        && ReasonCodes.SequenceEqual(other.ReasonCodes, StringComparer.Ordinal);
}
