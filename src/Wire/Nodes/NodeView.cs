using ControlPlane.Wire.Health;
using ControlPlane.Wire.Probes;
using ControlPlane.Wire.Topology;

namespace ControlPlane.Wire.Nodes;

/// <summary>Everything the control plane knows about one node: <c>GET /api/v1/nodes/{node}</c>.</summary>
[GenerateSerializer, Immutable, Alias("cp.NodeView")]
public sealed record NodeView
{
    [Id(0)] public required string Node { get; set; }
    [Id(1)] public required string Pool { get; set; }
    [Id(2)] public string? Rack { get; set; }
    [Id(3)] public required DeviceHealth Health { get; set; }
    [Id(4)] public required Readiness Readiness { get; set; }
    [Id(5)] public required CordonState Cordon { get; set; }
    [Id(6)] public required DateTimeOffset LastSeen { get; set; }
    [Id(7)] public required long Sequence { get; set; }
    [Id(8)] public required SoftwareVersions Versions { get; set; }
    [Id(9)] public required LinkMatrix Topology { get; set; }
    [Id(10)] public GpuState[] Gpus { get; set; } = [];
    [Id(11)] public NicState[] Nics { get; set; } = [];
    [Id(12)] public string AgentVersion { get; set; } = "";
    [Id(13)] public string Source { get; set; } = "";
    [Id(14)] public string[] Notes { get; set; } = [];
    [Id(15)] public CordonRecord[] CordonHistory { get; set; } = [];
    [Id(16)] public SequenceReset[] SequenceResets { get; set; } = [];
}
