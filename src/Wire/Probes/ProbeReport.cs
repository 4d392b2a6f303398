using ControlPlane.Wire.Topology;

namespace ControlPlane.Wire.Probes;

/// <summary>
/// One report from a node's agent: what the node is (GPUs, NICs, topology, versions) and how it is
/// (telemetry, errors). Agents send one every interval; <see cref="Sequence"/> only grows.
/// </summary>
[GenerateSerializer, Immutable, Alias("cp.ProbeReport")]
public sealed record ProbeReport
{
    [Id(0)] public required string Node { get; set; }

    /// <summary>Monotonic per node; a report with a lower sequence than the last accepted one is refused.</summary>
    [Id(1)] public required long Sequence { get; set; }

    [Id(2)] public required DateTimeOffset Timestamp { get; set; }

    [Id(3)] public string AgentVersion { get; set; } = "";

    /// <summary>Where the facts came from: <c>nvml</c>, <c>nvidia-smi</c>, <c>replay</c>, <c>simulator</c>.</summary>
    [Id(4)] public string Source { get; set; } = "";

    [Id(5)] public string Pool { get; set; } = "default";

    /// <summary>Failure domain above the node (rack, row); used to spread pairs.</summary>
    [Id(6)] public string? Rack { get; set; }

    [Id(7)] public GpuReport[] Gpus { get; set; } = [];

    [Id(8)] public NicReport[] Nics { get; set; } = [];

    [Id(9)] public LinkMatrix Topology { get; set; } = LinkMatrix.Empty;

    [Id(10)] public SoftwareVersions Versions { get; set; } = new();

    /// <summary>Set when the node has no NVIDIA driver or a collector failed: why the report is partial.</summary>
    [Id(11)] public string[] Notes { get; set; } = [];
}
