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

    /// <summary>An Active port that was down lately: usable, but kept out of placement until it has held until <paramref name="until"/>.</summary>
    public static DeviceHealth Settling(NicReport nic, DateTimeOffset until) => DeviceHealth.From(
    [
        new HealthReason
        {
            Code = "nic-port-settling",
            Severity = HealthStatus.Degraded,
            Action = RemediationAction.None,
            Message = $"{nic.Device} port {nic.Port} is Active again after being down; kept out of placement until {until:O} unless it goes down again",
        },
    ]);
}
