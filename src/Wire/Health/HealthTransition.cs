namespace ControlPlane.Wire.Health;

/// <summary>One entry of a device's bounded health history.</summary>
[GenerateSerializer, Immutable, Alias("cp.HealthTransition")]
public sealed record HealthTransition
{
    [Id(0)] public required DateTimeOffset At { get; set; }
    [Id(1)] public required HealthStatus From { get; set; }
    [Id(2)] public required HealthStatus To { get; set; }
    [Id(3)] public string[] ReasonCodes { get; set; } = [];
}
