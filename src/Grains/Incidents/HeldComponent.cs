using ControlPlane.Wire.Incidents;
using ControlPlane.Wire.Nodes;

namespace ControlPlane.Grains.Incidents;

/// <summary>
/// What an incident keeps out of placement on one node: a GPU or NIC port quarantine (<see cref="QuarantineKeys"/>), or
/// the node's cordon. Stored in the incident's record as <c>{node}|{component}</c>; built and read only here.
/// </summary>
internal readonly record struct HeldComponent(string Node, string Component)
{
    public const string Cordon = "cordon";

    public bool IsCordon => Component == Cordon;

    /// <summary>What the incident holds for its blamed component; null for a pair (nothing is held on a node).</summary>
    public static HeldComponent? Of(BlamedComponent blamed) => blamed.Kind switch
    {
        ComponentKind.Gpu => new HeldComponent(blamed.Node, QuarantineKeys.Gpu(blamed.Gpu ?? -1)),
        ComponentKind.Nic => new HeldComponent(blamed.Node, QuarantineKeys.Nic(blamed.Nic ?? "", blamed.NicPort ?? 1)),
        ComponentKind.Node => new HeldComponent(blamed.Node, Cordon),
        _ => null,
    };

    public static HeldComponent Parse(string key)
    {
        var bar = key.IndexOf('|', StringComparison.Ordinal);
        return bar > 0 ? new HeldComponent(key[..bar], key[(bar + 1)..]) : throw new FormatException($"'{key}' is not {{node}}|{{component}}");
    }

    public override string ToString() => $"{Node}|{Component}";
}
