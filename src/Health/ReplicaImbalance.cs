namespace ControlPlane.Health;

/// <summary>
/// How evenly the GPUs of one tensor-parallel replica work, from each GPU's average over a window: utilisation spread
/// (max − min) and standard deviation, memory spread. A replica is imbalanced when the utilisation spread exceeds
/// <see cref="ImbalanceOptions.UtilizationSpreadPercent"/> (the field's rule: max − min &gt; 40 for 5 min) or the memory
/// spread <see cref="ImbalanceOptions.MemorySpreadPercent"/> (one GPU's KV cache far larger than its siblings': CUDA OOM
/// on GPU 2, not GPU 0). Advisory: it says which GPU stands out; it never fails anything over.
/// </summary>
public static class ReplicaImbalance
{
    /// <summary>Null when fewer than two GPUs have <see cref="ImbalanceOptions.MinSamples"/> samples in the window.</summary>
    public static ImbalanceReading? Read(IReadOnlyList<GpuWindow> gpus, ImbalanceOptions options)
    {
        var measured = gpus.Where(g => g.Samples >= options.MinSamples).ToArray();
        if (measured.Length < 2)
        {
            return null;
        }

        var utilization = measured.Select(g => g.UtilizationPercent).ToArray();
        var mean = utilization.Average();
        var hottest = measured.MaxBy(g => g.UtilizationPercent)!;
        var fullest = measured.MaxBy(g => g.MemoryPercent)!;
        var utilizationSpread = utilization.Max() - utilization.Min();
        var memorySpread = measured.Max(g => g.MemoryPercent) - measured.Min(g => g.MemoryPercent);
        var finding = utilizationSpread > options.UtilizationSpreadPercent
            ? $"GPU {hottest.Index} at {hottest.UtilizationPercent:0} % while the replica's least busy GPU is at {utilization.Min():0} % (spread {utilizationSpread:0} points, over {options.UtilizationSpreadPercent:0})"
            : memorySpread > options.MemorySpreadPercent
                ? $"GPU {fullest.Index} holds {fullest.MemoryPercent:0} % of its memory, {memorySpread:0} points more than the replica's emptiest GPU (over {options.MemorySpreadPercent:0})"
                : null;
        return new ImbalanceReading
        {
            UtilizationSpread = Math.Round(utilizationSpread, 1),
            UtilizationStdDev = Math.Round(Math.Sqrt(utilization.Sum(u => (u - mean) * (u - mean)) / utilization.Length), 1),
            MemorySpread = Math.Round(memorySpread, 1),
            Imbalanced = finding is not null,
            Finding = finding,
        };
    }
}

/// <summary>One GPU of a replica, averaged over the window.</summary>
public sealed record GpuWindow(int Index, double UtilizationPercent, double MemoryPercent, int Samples);

public sealed record ImbalanceReading
{
    public required double UtilizationSpread { get; init; }
    public required double UtilizationStdDev { get; init; }
    public required double MemorySpread { get; init; }
    public required bool Imbalanced { get; init; }

    /// <summary>Which GPU stands out and by how much, or null when the replica is balanced.</summary>
    public string? Finding { get; init; }
}

/// <summary><c>ControlPlane:Imbalance</c>: the thresholds, defaults from the alert rules operators already run.</summary>
public sealed class ImbalanceOptions
{
    public const string Section = "ControlPlane:Imbalance";

    public double UtilizationSpreadPercent { get; set; } = 40;

    public double MemorySpreadPercent { get; set; } = 25;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Fewer samples than this in the window say nothing yet.</summary>
    public int MinSamples { get; set; } = 3;

    /// <summary>How often the front end looks for imbalanced replicas to raise an advisory incident for.</summary>
    public TimeSpan CheckEvery { get; set; } = TimeSpan.FromMinutes(1);
}
