namespace ControlPlane.Wire.Health;

/// <summary>Ordered by severity so the worst of several can be taken with <c>Max</c>.</summary>
public enum HealthStatus
{
    Healthy = 0,
    Unknown = 1,
    Degraded = 2,
    Unhealthy = 3,
}
