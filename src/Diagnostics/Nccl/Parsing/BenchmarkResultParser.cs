using System.Globalization;

namespace ControlPlane.Diagnostics.Nccl.Parsing;

/// <summary>
/// <c>RESULT mode=bench size=268435456 time_us=906.7 algbw_GBps=296.07 busbw_GBps=296.07</c>,
/// printed by the benchmark script: the best bus bandwidth is the measured one.
/// </summary>
internal static class BenchmarkResultParser
{
    private const string Key = "busbw_GBps=";

    public static void Parse(LineContext line, ScanFacts facts)
    {
        var value = SpanText.TokenAfter(line.Text, Key);
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var gbps)
            || !double.IsFinite(gbps) || gbps < 0)
        {
            return;
        }

        if (facts.MeasuredBusBandwidthGBps is null || gbps > facts.MeasuredBusBandwidthGBps)
        {
            facts.MeasuredBusBandwidthGBps = gbps;
            facts.MeasuredEvidence = line.ToEvidence();
        }
    }
}
