namespace ControlPlane.Web.Portal.Telemetry;

/// <summary>A time range the GPU charts offer, and the Prometheus step that gives about 120 points across it.</summary>
public sealed record GpuHistoryRange(string Key, string Label, TimeSpan Span, TimeSpan Step)
{
    public static readonly GpuHistoryRange FifteenMinutes = new("15m", "15 min", TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(15));
    public static readonly GpuHistoryRange OneHour = new("1h", "1 h", TimeSpan.FromHours(1), TimeSpan.FromSeconds(30));
    public static readonly GpuHistoryRange SixHours = new("6h", "6 h", TimeSpan.FromHours(6), TimeSpan.FromMinutes(3));
    public static readonly GpuHistoryRange OneDay = new("24h", "24 h", TimeSpan.FromHours(24), TimeSpan.FromMinutes(12));

    public static readonly IReadOnlyList<GpuHistoryRange> All = [FifteenMinutes, OneHour, SixHours, OneDay];

    public static GpuHistoryRange Default => FifteenMinutes;
}
