using ControlPlane.Contracts.Health;

namespace ControlPlane.Grains.Health;

/// <summary>The bounded transition log GPU and NIC grains keep.</summary>
public static class HealthHistory
{
    public const int Limit = 100;

    public static HealthTransition[] Append(HealthTransition[] history, DeviceHealth from, DeviceHealth to, DateTimeOffset at) =>
    [
        .. history.Append(new HealthTransition { At = at, From = from.Status, To = to.Status, ReasonCodes = [.. to.Reasons.Select(r => r.Code)] })
            .TakeLast(Limit),
    ];
}
