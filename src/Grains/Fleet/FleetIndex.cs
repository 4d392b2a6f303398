using ControlPlane.Wire.Fleet;

namespace ControlPlane.Grains.Fleet;

[GenerateSerializer, Alias("cp.FleetIndex")]
public sealed class FleetIndex
{
    [Id(0)] public Dictionary<string, NodeSummary> Nodes { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public long Version { get; set; }
}
