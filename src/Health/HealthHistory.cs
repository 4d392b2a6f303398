using ControlPlane.Wire.Health;

namespace ControlPlane.Health;

/// <summary>The bounded transition log GPU and NIC grains keep.</summary>
public static class HealthHistory
{
    public const int Limit = 100;

    /// <summary>
    /// The since-time and history after observing <paramref name="next"/>: unchanged when the verdict is
    /// the same (only the device's place changed), one transition longer when it differs.
    /// </summary>
    public static (DateTimeOffset Since, HealthTransition[] History) Observe(
        DeviceHealth? current, DateTimeOffset since, HealthTransition[]? history, DeviceHealth next, DateTimeOffset at) =>
        current is not null && current.SameVerdictAs(next)
            ? (since, history ?? [])
            : (at, Append(history ?? [], current ?? DeviceHealth.Unknown, next, at));

    public static HealthTransition[] Append(HealthTransition[] history, DeviceHealth from, DeviceHealth to, DateTimeOffset at) =>
    [
        .. history.Append(new HealthTransition { At = at, From = from.Status, To = to.Status, ReasonCodes = [.. to.Reasons.Select(r => r.Code)] })
            .TakeLast(Limit),
    ];
}
