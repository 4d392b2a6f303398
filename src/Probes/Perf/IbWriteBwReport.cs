using System.Collections.Immutable;

namespace ControlPlane.Probes.Perf;

/// <summary>A result row of <c>ib_write_bw</c>, in the unit of the column header above it.</summary>
/// <param name="BandwidthUnit">"Gb/sec" with <c>--report_gbits</c>, else "MB/sec".</param>
public sealed record IbWriteBwRow(
    long Bytes,
    long Iterations,
    double BandwidthPeak,
    double BandwidthAverage,
    string BandwidthUnit,
    double MessageRateMpps)
{
    /// <summary>Average bandwidth in Gb/s whatever the unit printed (perftest's MB is 2^20 bytes).</summary>
    public double AverageGbps => BandwidthUnit == "Gb/sec" ? BandwidthAverage : BandwidthAverage * 1048576 * 8 / 1e9;
}

/// <summary>The parsed output of <c>ib_write_bw</c>. A loopback run prints server and client results, so rows may repeat.</summary>
public sealed record IbWriteBwReport(string? Device, string? LinkType, ImmutableArray<IbWriteBwRow> Rows)
{
    public IbWriteBwRow Result => Rows[^1];
}
