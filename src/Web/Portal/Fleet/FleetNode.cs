using ControlPlane.Wire.Fleet;

namespace ControlPlane.Web.Portal.Fleet;

/// <summary>One node of the fleet page: its index line, its GPU use and, when off its pool's majority, what drifts.</summary>
public sealed record FleetNode(NodeSummary Summary, GpuUse Gpus, string? Drift)
{
    public string Node => Summary.Node;
}
