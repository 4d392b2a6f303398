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

    private static readonly Counter<long> Orphans = GrainMeter.Meter.CreateCounter<long>(
        "controlplane.reservations.orphans_released", unit: "{reservation}", description: "GPU reservations released by the reconciler because no live pair owned them (one per owner and node).");

    public static void WireChecked(string placedTier, NcclTransport observed, bool mismatch) =>
        WireChecks.Add(1,
            new KeyValuePair<string, object?>("placed_tier", placedTier),
            new KeyValuePair<string, object?>("observed", observed.ToString().ToLowerInvariant()),
            new KeyValuePair<string, object?>("verdict", mismatch ? "mismatch" : "match"));

    public static void OrphanReleased() => Orphans.Add(1);
}
