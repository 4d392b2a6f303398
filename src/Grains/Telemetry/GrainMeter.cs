using System.Diagnostics.Metrics;

namespace ControlPlane.Grains.Telemetry;

/// <summary>
/// The meter of what the grains decide (incidents, failovers, placement, wire checks, reservations); every host that
/// runs a silo subscribes to <see cref="Name"/>. Label values are enum names, filter names and tiers: a bounded set at any
/// fleet size.
/// </summary>
public static class GrainMeter
{
    public const string Name = "ControlPlane.Grains";

    internal static readonly Meter Meter = new(Name);

    /// <summary>Boundaries for durations from seconds to an hour (the default boundaries stop at 10 s).</summary>
    internal static readonly double[] DurationBuckets = [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600];

    /// <summary>Creates the instruments observed from the start (a silo calls it once), so their series exist before any event.</summary>
    public static void Start() => _ = OutcomeMetrics.Start();
}
