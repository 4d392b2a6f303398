namespace ControlPlane.Wire.Health;

/// <summary>One reason a device is not healthy, with a stable code (<c>xid-79</c>, <c>ecc-uncorrectable</c>) and what to do.</summary>
[GenerateSerializer, Immutable, Alias("cp.HealthReason")]
public sealed record HealthReason
{
    [Id(0)] public required string Code { get; set; }
    [Id(1)] public required HealthStatus Severity { get; set; }
    [Id(2)] public required string Message { get; set; }
    [Id(3)] public RemediationAction Action { get; set; }
}
