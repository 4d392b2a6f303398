namespace ControlPlane.Contracts.Probes;

[GenerateSerializer, Immutable, Alias("cp.EccCounters")]
public sealed record EccCounters
{
    [Id(0)] public long VolatileCorrected { get; init; }
    [Id(1)] public long VolatileUncorrected { get; init; }
    [Id(2)] public long AggregateCorrected { get; init; }
    [Id(3)] public long AggregateUncorrected { get; init; }
}
