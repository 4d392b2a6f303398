using System.Diagnostics.Metrics;
using ControlPlane.Diagnostics;

namespace ControlPlane.Grains.Telemetry;

/// <summary>
/// <c>controlplane_wire_check_verdicts_total</c> (a running pair's placed tier against the transport its NCCL log shows)
/// and <c>controlplane_reservations_orphans_released_total</c> (reservations the reconciler gave back: nobody owned them).
/// </summary>
internal static class OutcomeMetrics
{
    private static readonly Counter<long> WireChecks = GrainMeter.Meter.CreateCounter<long>(
        "controlplane.wire_check.verdicts", unit: "{check}", description: "Wire checks of running pairs: the tier placed on, the NCCL transport observed, match or mismatch.");

    private static long orphans;

    // Observed rather than added: the series exists (at 0) from the start, so an alert's increase() sees the first release.
    private static readonly ObservableCounter<long> Orphans = GrainMeter.Meter.CreateObservableCounter(
        "controlplane.reservations.orphans_released", () => Interlocked.Read(ref orphans),
        unit: "{reservation}", description: "GPU reservations released by the reconciler because no live pair owned them (one per owner and node).");

    public static void WireChecked(string placedTier, NcclTransport observed, bool mismatch) =>
        WireChecks.Add(1,
            new KeyValuePair<string, object?>("placed_tier", placedTier),
            new KeyValuePair<string, object?>("observed", observed.ToString().ToLowerInvariant()),
            new KeyValuePair<string, object?>("verdict", mismatch ? "mismatch" : "match"));

    public static void OrphanReleased() => Interlocked.Increment(ref orphans);

    /// <summary>Makes the orphan counter exist in this process (a static field is created on first use).</summary>
    public static string Start() => Orphans.Name;
}
