namespace ControlPlane.Contracts.Probes;

[GenerateSerializer, Immutable, Alias("cp.XidEvent")]
public sealed record XidEvent
{
    [Id(0)] public required int Code { get; init; }
    [Id(1)] public required DateTimeOffset At { get; init; }
    [Id(2)] public string? Message { get; init; }
}
