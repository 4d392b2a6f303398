using ControlPlane.Wire.Probes;

namespace ControlPlane.Agent.Collection;

/// <summary>One collection pass: GPUs (with the source's link cells), RDMA ports, versions, and what went missing.</summary>
internal sealed record NodeFacts
{
    public required GpuInventory Gpus { get; init; }

    public IReadOnlyList<NicReport> Nics { get; init; } = [];

    public ControlPlane.Wire.Topology.LinkMatrix Topology { get; init; } = ControlPlane.Wire.Topology.LinkMatrix.Empty;

    public SoftwareVersions Versions { get; init; } = new();

    public IReadOnlyList<string> Notes { get; init; } = [];
}
