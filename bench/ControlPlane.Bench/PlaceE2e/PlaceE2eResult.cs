namespace ControlPlane.Bench.PlaceE2e;

/// <summary>One place-e2e run: throughput over every operation, latency of each, tiers and the allocation invariants.</summary>
public sealed record PlaceE2eResult(
    int Nodes,
    int Concurrency,
    int Operations,
    int Failed,
    double DeploymentsPerSecond,
    double P50Ms,
    double P99Ms,
    double BestTierPct,
    int DoubleAllocations,
    int OrphanedGpus,
    double[] SortedLatenciesMs)
{
    public bool Passed => Failed == 0 && DoubleAllocations == 0 && OrphanedGpus == 0;
}
