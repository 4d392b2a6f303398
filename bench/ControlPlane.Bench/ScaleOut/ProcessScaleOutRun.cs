namespace ControlPlane.Bench.ScaleOut;

/// <summary>One silo count of <c>scale-out-processes</c>: the load generator's figures and the processes' own CPU and Redis's.</summary>
public sealed record ProcessScaleOutRun(
    int Silos,
    double IngestPerSecond,
    double IngestP99Ms,
    double IngestSiloBusyPct,
    double IngestRedisOpsPerSecond,
    double IngestRedisCpuPct,
    double E2ePerSecond,
    double E2eP99Ms,
    double E2eSiloBusyPct,
    double E2eRedisCpuPct,
    int Failed,
    int DoubleAllocations,
    int OrphanedGpus)
{
    public bool Passed => Failed == 0 && DoubleAllocations == 0 && OrphanedGpus == 0;
}
