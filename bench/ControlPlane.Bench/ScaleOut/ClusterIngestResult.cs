namespace ControlPlane.Bench.ScaleOut;

/// <summary>Steady ingestion over one cluster's front ends: rate, latency and this process's CPU time per report.</summary>
public sealed record ClusterIngestResult(int Silos, double ReportsPerSecond, double P50Ms, double P99Ms, double CpuMicrosecondsPerReport);
