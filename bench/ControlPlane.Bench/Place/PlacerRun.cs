namespace ControlPlane.Bench.Place;

/// <summary>One placer's fill of a fleet: pairs placed, plan rate and latency, best-tier share and free NVLink groups left.</summary>
public sealed record PlacerRun(int Pairs, double PerSecond, double P50, double P99, double BestPct, int FreeTp4, int FreeTp8);
