namespace ControlPlane.Health.Tests;

/// <summary>The field's "GPU 0 syndrome" and "OOM on GPU 2" as readings of one replica's GPUs.</summary>
public sealed class ReplicaImbalanceTests
{
    private static readonly ImbalanceOptions Options = new();

    [Fact]
    public void Gpu_0_at_97_percent_while_gpu_7_idles_at_50_is_imbalanced_naming_gpu_0()
    {
        GpuWindow[] gpus = [new(0, 97, 60, 10), .. Enumerable.Range(1, 6).Select(i => new GpuWindow(i, 70, 60, 10)), new(7, 50, 60, 10)];

        var reading = ReplicaImbalance.Read(gpus, Options)!;

        Assert.True(reading.Imbalanced);
        Assert.Equal(47, reading.UtilizationSpread);
        Assert.StartsWith("GPU 0 at 97 %", reading.Finding, StringComparison.Ordinal);
        Assert.InRange(reading.UtilizationStdDev, 10, 15);
    }

    [Fact]
    public void One_gpu_holding_far_more_memory_is_imbalanced_naming_it()
    {
        GpuWindow[] gpus = [new(0, 70, 55, 10), new(1, 72, 55, 10), new(2, 71, 90, 10), new(3, 69, 56, 10)];

        var reading = ReplicaImbalance.Read(gpus, Options)!;

        Assert.True(reading.Imbalanced);
        Assert.StartsWith("GPU 2 holds 90 %", reading.Finding, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spread_at_the_threshold_is_balanced()
    {
        var reading = ReplicaImbalance.Read([new(0, 90, 50, 10), new(1, 50, 50, 10)], Options)!;

        Assert.False(reading.Imbalanced);
        Assert.Null(reading.Finding);
    }

    [Fact]
    public void Too_few_samples_say_nothing_yet()
    {
        Assert.Null(ReplicaImbalance.Read([new(0, 97, 50, 2), new(1, 10, 50, 10)], Options));
    }
}
