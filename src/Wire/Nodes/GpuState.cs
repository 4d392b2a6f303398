using ControlPlane.Wire.Health;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Wire.Nodes;

/// <summary>A GPU of a node with its health verdict, as the node grain last classified it.</summary>
[GenerateSerializer, Immutable, Alias("cp.GpuState")]
public sealed record GpuState
{
    [Id(0)] public required GpuReport Report { get; set; }
    [Id(1)] public required DeviceHealth Health { get; set; }

    /// <summary>The replica holding it; null when free.</summary>
    [Id(2)] public GpuHolder? HeldBy { get; set; }

    /// <summary>Set while an incident keeps it out of placement.</summary>
    [Id(3)] public Quarantine? Quarantine { get; set; }
}
