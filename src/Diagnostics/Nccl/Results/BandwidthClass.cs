namespace ControlPlane.Diagnostics;

/// <summary>
/// What the chosen transport is worth, from the measured table in docs/architecture.md (bus bandwidth of a
/// 256 MiB all-reduce between two H200s), plus what the log itself measured when it says so.
/// </summary>
public sealed record BandwidthClass(
    NcclTransport Transport,
    double? LowGBps,
    double? HighGBps,
    string Basis,
    double? MeasuredBusBandwidthGBps,
    Evidence? MeasuredEvidence);
