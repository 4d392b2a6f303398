using System.Diagnostics.Metrics;
using ControlPlane.Wire.Incidents;

namespace ControlPlane.Grains.Telemetry;

/// <summary>
/// <c>controlplane_incident_recovery_duration_seconds</c> (opened to recovered, by kind) and
/// <c>controlplane_failover_duration_seconds</c> (the failure signal to a replacement pair serving again).
/// </summary>
internal static class IncidentMetrics
{
    private static readonly Histogram<double> Recovery = GrainMeter.Meter.CreateHistogram(
        "controlplane.incident.recovery.duration", unit: "s", description: "Time from an incident's opening to its Recovered state, by kind.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = GrainMeter.DurationBuckets });

    private static readonly Histogram<double> Failover = GrainMeter.Meter.CreateHistogram(
        "controlplane.failover.duration", unit: "s", description: "Time from the failure signal to the replacement pair serving (its pods running).",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = GrainMeter.DurationBuckets });

    /// <summary>Called after each write of an incident: measures the moments it reaches Recovered and a pair of it recovers.</summary>
    public static void Committed(IncidentView? before, IncidentView after, DateTimeOffset now)
    {
        if (after.State == IncidentState.Recovered && before?.State != IncidentState.Recovered)
        {
            Recovery.Record(Seconds(after.OpenedAt, now), new KeyValuePair<string, object?>("kind", after.Kind.ToString()));
        }

        var recoveredBefore = before?.Pairs.Count(p => p.Progress == IncidentSteps.Recovered) ?? 0;
        for (var i = recoveredBefore; i < after.Pairs.Count(p => p.Progress == IncidentSteps.Recovered); i++)
        {
            Failover.Record(Seconds(after.OpenedAt, now));
        }
    }

    private static double Seconds(DateTimeOffset from, DateTimeOffset to) => Math.Max(0, (to - from).TotalSeconds);
}
