namespace ControlPlane.Bench.Failover;

/// <summary>
/// One failover run: signal-to-replacement latency of each incident, throughput and the allocation invariants; the
/// slowest of the first incidents after start (which compile the failover path) apart.
/// </summary>
public sealed record FailoverResult(
    int Incidents,
    double P50Ms,
    double P99Ms,
    double IncidentsPerSecond,
    int Failed,
    int DoubleAllocations,
    int OrphanedGpus,
    double[] SortedLatenciesMs,
    double FirstIncidentsMaxMs)
{
    public bool Passed => Incidents > 0 && Failed == 0 && DoubleAllocations == 0 && OrphanedGpus == 0;
}
