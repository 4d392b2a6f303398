namespace ControlPlane.Bench.Ingest;

/// <summary>One ingest run: steady reports per second and their latencies, heap per node, and the bare HTTP floor beside it.</summary>
public sealed record IngestResult(
    int Nodes,
    double ReportsPerSecond,
    double P50Ms,
    double P99Ms,
    long BytesPerNode,
    double HealthzPerSecond,
    double KiBPerReport,
    double RegisterPerSecond,
    double ChangingP99Ms,
    double ChangingKiBPerReport,
    double[] SortedLatenciesMs);
