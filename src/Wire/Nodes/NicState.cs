using ControlPlane.Wire.Health;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Wire.Nodes;

[GenerateSerializer, Immutable, Alias("cp.NicState")]
public sealed record NicState
{
    [Id(0)] public required NicReport Report { get; set; }
    [Id(1)] public required DeviceHealth Health { get; set; }

    /// <summary>Set while an incident keeps the port out of placement.</summary>
    [Id(2)] public Quarantine? Quarantine { get; set; }
}
