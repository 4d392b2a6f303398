using ControlPlane.Contracts.Health;
using ControlPlane.Contracts.Probes;
using ControlPlane.Contracts.Topology;

namespace ControlPlane.Contracts.Nodes;

/// <summary>Everything the control plane knows about one node: <c>GET /api/v1/nodes/{node}</c>.</summary>
[GenerateSerializer, Immutable, Alias("cp.NodeView")]
public sealed record NodeView
{
    [Id(0)] public required string Node { get; init; }
    [Id(1)] public required string Pool { get; init; }
    [Id(2)] public string? Rack { get; init; }
    [Id(3)] public required DeviceHealth Health { get; init; }
    [Id(4)] public required Readiness Readiness { get; init; }
    [Id(5)] public required CordonState Cordon { get; init; }
    [Id(6)] public required DateTimeOffset LastSeen { get; init; }
    [Id(7)] public required long Sequence { get; init; }
    [Id(8)] public required SoftwareVersions Versions { get; init; }
    [Id(9)] public required LinkMatrix Topology { get; init; }
    [Id(10)] public GpuState[] Gpus { get; init; } = [];
    [Id(11)] public NicState[] Nics { get; init; } = [];
    [Id(12)] public string AgentVersion { get; init; } = "";
    [Id(13)] public string Source { get; init; } = "";
    [Id(14)] public string[] Notes { get; init; } = [];
    [Id(15)] public CordonRecord[] CordonHistory { get; init; } = [];
}
