namespace ControlPlane.Wire.Probes;

[GenerateSerializer, Immutable, Alias("cp.EccCounters")]
public sealed record EccCounters
{
    [Id(0)] public long VolatileCorrected { get; set; }
    [Id(1)] public long VolatileUncorrected { get; set; }
    [Id(2)] public long AggregateCorrected { get; set; }
    [Id(3)] public long AggregateUncorrected { get; set; }
}
