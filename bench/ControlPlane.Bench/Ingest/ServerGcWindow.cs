using ControlPlane.Bench.Hosting;

namespace ControlPlane.Bench.Ingest;

/// <summary>What this process (the server) allocated and paused for GC between two points.</summary>
public sealed class ServerGcWindow
{
    private readonly long _allocated = GC.GetTotalAllocatedBytes(precise: true);
    private readonly TimeSpan _paused = GC.GetTotalPauseDuration();
    private readonly int _gen0 = GC.CollectionCount(0);
    private readonly int _gen1 = GC.CollectionCount(1);
    private readonly int _gen2 = GC.CollectionCount(2);
    private readonly DateTime _started = DateTime.UtcNow;
    private readonly MachineCpu _machine = new();

    public Closed Close() => new(
        GC.GetTotalAllocatedBytes(precise: true) - _allocated,
        GC.GetTotalPauseDuration() - _paused,
        DateTime.UtcNow - _started,
        GC.CollectionCount(0) - _gen0,
        GC.CollectionCount(1) - _gen1,
        GC.CollectionCount(2) - _gen2,
        _machine.BusyPercent());

    public sealed record Closed(long Allocated, TimeSpan Paused, TimeSpan Took, int Gen0, int Gen1, int Gen2, double CpuBusyPercent)
    {
        public double KiBPer(int reports) => Allocated / 1024.0 / reports;

        public double PausedPercent => 100 * Paused.TotalMilliseconds / Math.Max(1, Took.TotalMilliseconds);

        public override string ToString() =>
            $"gen0 {Gen0}, gen1 {Gen1}, gen2 {Gen2}, paused {Paused.TotalMilliseconds:F0} ms of {Took.TotalMilliseconds:F0} ms ({PausedPercent:F1} %), machine CPU {CpuBusyPercent:F0} % busy";
    }
}
