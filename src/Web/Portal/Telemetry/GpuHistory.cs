namespace ControlPlane.Web.Portal.Telemetry;

/// <summary>Where a chart's points came from.</summary>
public enum GpuHistorySource
{
    /// <summary>This process's ring of the reports it ingested itself since it started.</summary>
    Ring,

    /// <summary>Prometheus's range query over the per-GPU gauges.</summary>
    Prometheus,
}

/// <summary>
/// A node's GPU readings over <see cref="From"/>..<see cref="To"/>, by GPU index, and where they came from;
/// <see cref="Problem"/> says why Prometheus was configured but not used (unreachable, an error answer).
/// </summary>
public sealed record GpuHistory(GpuHistorySource Source, DateTimeOffset From, DateTimeOffset To, IReadOnlyDictionary<int, IReadOnlyList<GpuSample>> Gpus, string? Problem = null)
{
    public IReadOnlyList<GpuSample> Of(int gpu) => Gpus.TryGetValue(gpu, out var samples) ? samples : [];
}
