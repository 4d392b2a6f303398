using ControlPlane.Wire.Health;

namespace ControlPlane.Health;

public static class LivenessPolicy
{
    public static Readiness ReadinessAt(DateTimeOffset lastSeen, DateTimeOffset now, HealthOptions options)
    {
        var silent = now - lastSeen;
        return silent >= options.NotReadyAfter ? Readiness.NotReady
            : silent >= options.UnknownAfter ? Readiness.Unknown
            : Readiness.Ready;
    }
}
