namespace ControlPlane.Probes.Perf;

/// <summary>The "Final:" line of <c>ucx_perftest</c>: iterations, latency (usec), bandwidth (MB/s), message rate (msg/s).</summary>
public sealed record UcxPerfResult(
    long Iterations,
    double LatencyMedianUs,
    double LatencyAverageUs,
    double LatencyOverallUs,
    double BandwidthAverageMBps,
    double BandwidthOverallMBps,
    double MessageRateAverage,
    double MessageRateOverall);
