using System.Diagnostics;
using ControlPlane.Bench.Hosting;

namespace ControlPlane.Bench.ScaleOut;

/// <summary>The silos' CPU (as a share of the cores they were given) and Redis's commands and CPU over one phase.</summary>
internal sealed class PhaseMeter(IReadOnlyList<FrontEndProcess> frontEnds, int siloCores, BenchRedis redis)
{
    private Snapshot? _start;

    public async Task StartAsync() => _start = await TakeAsync();

    public async Task<(double SiloBusyPct, double RedisOpsPerSecond, double RedisCpuPct)> StopAsync()
    {
        var start = _start ?? throw new InvalidOperationException("the phase was never started");
        var end = await TakeAsync();
        var seconds = (end.At - start.At) / (double)Stopwatch.Frequency;
        var siloSeconds = (end.SiloCpu - start.SiloCpu).TotalSeconds;
        return (100 * siloSeconds / (seconds * siloCores * frontEnds.Count),
            (end.RedisCommands - start.RedisCommands) / seconds,
            100 * (end.RedisCpuSeconds - start.RedisCpuSeconds) / seconds);
    }

    private async Task<Snapshot> TakeAsync()
    {
        var (commands, cpu) = await redis.StatsAsync();
        return new Snapshot(Stopwatch.GetTimestamp(), frontEnds.Aggregate(TimeSpan.Zero, (sum, f) => sum + f.CpuTime), commands, cpu);
    }

    private sealed record Snapshot(long At, TimeSpan SiloCpu, long RedisCommands, double RedisCpuSeconds);
}
