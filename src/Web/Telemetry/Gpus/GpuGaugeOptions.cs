using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Web.Telemetry.Gpus;

/// <summary><c>ControlPlane:Telemetry:GpuSeriesLimit</c>: series each per-GPU gauge may hold (one per GPU this front end hears of).</summary>
public sealed class GpuGaugeOptions
{
    public const string Section = "ControlPlane:Telemetry";

    /// <summary>
    /// OpenTelemetry reserves this many points per gauge up front (under 100 bytes each); GPUs beyond it merge into one
    /// <c>otel_metric_overflow</c> series. The default fits 10,000 eight-GPU nodes with room to spare.
    /// </summary>
    [Range(16, 1_000_000)]
    public int GpuSeriesLimit { get; set; } = 100_000;

    /// <summary>The configured limit for registration time, kept inside the range OpenTelemetry accepts (validation reports a bad value at start).</summary>
    public static int From(IConfiguration configuration) =>
        Math.Clamp(configuration.GetSection(Section).Get<GpuGaugeOptions>()?.GpuSeriesLimit ?? new GpuGaugeOptions().GpuSeriesLimit, 16, 1_000_000);
}
