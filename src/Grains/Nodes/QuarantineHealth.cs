using ControlPlane.Wire.Health;
using ControlPlane.Wire.Nodes;

namespace ControlPlane.Grains.Nodes;

/// <summary>Whether a quarantined component is healthy by the node's latest verdicts (a GPU Healthy, a NIC port Active).</summary>
internal static class QuarantineHealth
{
    public static bool IsHealthy(string component, NodeRecord node)
    {
        if (node.Report is not { } report)
        {
            return false;
        }

        foreach (var gpu in report.Gpus)
        {
            if (component == QuarantineKeys.Gpu(gpu.Index))
            {
                return node.Gpus.FirstOrDefault(v => v.Uuid == gpu.Uuid)?.Health.Status == HealthStatus.Healthy;
            }
        }

        foreach (var nic in report.Nics)
        {
            if (component == QuarantineKeys.Nic(nic.Device, nic.Port))
            {
                return node.Nics.FirstOrDefault(v => v.Port == NicVerdict.KeyOf(nic.Device, nic.Port))?.Health.Status == HealthStatus.Healthy;
            }
        }

        return false;
    }
}
