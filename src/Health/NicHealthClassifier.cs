using ControlPlane.Wire.Health;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Health;

public static class NicHealthClassifier
{
    public static DeviceHealth Classify(NicReport nic)
    {
        if (nic.State == PortState.Active)
        {
            return DeviceHealth.Healthy;
        }

        return DeviceHealth.From(
        [
            new HealthReason
            {
                Code = "nic-port-not-active",
                Severity = HealthStatus.Unhealthy,
                Action = RemediationAction.CheckNic,
                Message = $"{nic.Device} port {nic.Port} is {nic.State}" + (nic.PhysicalState is { } p ? $" ({p})" : "") + ": no RDMA through it",
            },
        ]);
    }
}
