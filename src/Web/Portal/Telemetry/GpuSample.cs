namespace ControlPlane.Web.Portal.Telemetry;

/// <summary>One reading of a GPU for the node page's charts.</summary>
public readonly record struct GpuSample(DateTimeOffset At, int? UtilizationPercent, double MemoryPercent, int? TemperatureC, long CorrectedEcc, long UncorrectedEcc);
