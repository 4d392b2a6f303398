namespace ControlPlane.Wire.Probes;

[GenerateSerializer, Immutable, Alias("cp.XidEvent")]
public sealed record XidEvent
{
    [Id(0)] public required int Code { get; set; }
    [Id(1)] public required DateTimeOffset At { get; set; }
    [Id(2)] public string? Message { get; set; }
}
