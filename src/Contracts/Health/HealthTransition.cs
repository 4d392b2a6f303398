namespace ControlPlane.Contracts.Health;

/// <summary>One entry of a device's bounded health history.</summary>
[GenerateSerializer, Immutable, Alias("cp.HealthTransition")]
public sealed record HealthTransition
{
    [Id(0)] public required DateTimeOffset At { get; init; }
    [Id(1)] public required HealthStatus From { get; init; }
    [Id(2)] public required HealthStatus To { get; init; }
    [Id(3)] public string[] ReasonCodes { get; init; } = [];
}
