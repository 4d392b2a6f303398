using ControlPlane.Wire.Health;
using ControlPlane.Wire.Nodes;

namespace ControlPlane.Grains.Incidents;

/// <summary>
/// Whether what an incident kept out of placement is still broken when the incident closes: nothing is lifted silently
/// on hardware that is still bad. A cordon stays while any of the node's GPUs or NIC ports is Unhealthy; a GPU or NIC
/// quarantine stays while that device is. The answer says what is still wrong, for the incident's timeline.
/// </summary>
internal static class StillBroken
{
    /// <summary>Null when <paramref name="component"/> (<c>cordon</c>, <c>gpu:3</c>, <c>nic:mlx5_1:1</c>) of the node may go back into placement.</summary>
    public static string? Why(NodeView node, string component)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (component == "cordon")
        {
            var bad = node.Gpus.Where(g => g.Health.Status == HealthStatus.Unhealthy).Select(g => $"GPU {g.Report.Index} ({Reasons(g.Health)})")
                .Concat(node.Nics.Where(n => n.Health.Status == HealthStatus.Unhealthy).Select(n => $"NIC {n.Report.Device} port {n.Report.Port} ({Reasons(n.Health)})"))
                .ToArray();
            return bad.Length == 0 ? null : $"{node.Node} still has {string.Join(", ", bad)} Unhealthy";
        }

        var gpu = node.Gpus.FirstOrDefault(g => QuarantineKeys.Gpu(g.Report.Index) == component);
        if (gpu is not null)
        {
            return gpu.Health.Status == HealthStatus.Unhealthy ? $"GPU {gpu.Report.Index} of {node.Node} is still Unhealthy ({Reasons(gpu.Health)})" : null;
        }

        var nic = node.Nics.FirstOrDefault(n => QuarantineKeys.Nic(n.Report.Device, n.Report.Port) == component);
        return nic is { Health.Status: HealthStatus.Unhealthy }
            ? $"NIC {nic.Report.Device} port {nic.Report.Port} of {node.Node} is still Unhealthy ({Reasons(nic.Health)})"
            : null;
    }

    private static string Reasons(DeviceHealth health) =>
        health.Reasons.Length == 0 ? "no reason given" : string.Join("; ", health.Reasons.Select(r => r.Message));
}
