using ControlPlane.Contracts.Health;

namespace ControlPlane.Contracts.Fleet;

/// <summary>
/// The compact line the fleet index keeps per node: enough to list, filter and place without
/// asking the node. Nodes send it when it changes (and refresh <see cref="LastSeen"/> rarely).
/// </summary>
[GenerateSerializer, Immutable, Alias("cp.NodeSummary")]
public sealed record NodeSummary
{
    [Id(0)] public required string Node { get; init; }
    [Id(1)] public required string Pool { get; init; }
    [Id(2)] public string? Rack { get; init; }
    [Id(3)] public required HealthStatus Health { get; init; }
    [Id(4)] public required Readiness Readiness { get; init; }
    [Id(5)] public required bool Cordoned { get; init; }
    [Id(6)] public required int GpuCount { get; init; }
    [Id(7)] public required int HealthyGpus { get; init; }
    [Id(8)] public string GpuModel { get; init; } = "";
    [Id(9)] public string ComputeCapability { get; init; } = "";
    /// <summary>Best GPU-to-GPU link on the node: <c>NV18</c>, <c>PHB</c>…</summary>
    [Id(10)] public string Interconnect { get; init; } = "";
    [Id(11)] public required int ActiveNics { get; init; }
    [Id(12)] public required int Nics { get; init; }
    [Id(13)] public string Driver { get; init; } = "";
    [Id(14)] public string Cuda { get; init; } = "";
    [Id(15)] public string? Nccl { get; init; }
    [Id(16)] public required DateTimeOffset LastSeen { get; init; }
    [Id(17)] public string[] ReasonCodes { get; init; } = [];

    /// <summary>Equal in everything but <see cref="LastSeen"/>: no need to tell the fleet.</summary>
    public bool SameFactsAs(NodeSummary? other) =>
        other is not null && this with { LastSeen = default, ReasonCodes = [] } == other with { LastSeen = default, ReasonCodes = [] }
        && ReasonCodes.SequenceEqual(other.ReasonCodes, StringComparer.Ordinal);
}
