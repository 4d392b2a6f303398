namespace ControlPlane.Diagnostics;

/// <summary>What the log says about one rank; every field the log did not print is null.</summary>
public sealed record RankInfo
{
    public required int Rank { get; init; }
    public string? Host { get; init; }
    public int? Pid { get; init; }
    public int? NRanks { get; init; }
    public int? CudaDev { get; init; }
    public int? NvmlDev { get; init; }
    public string? BusId { get; init; }
    public string? CommId { get; init; }
    public string? NcclVersion { get; init; }

    /// <summary>The CUDA runtime NCCL was built for (<c>+cuda13.0</c>).</summary>
    public string? CudaVersion { get; init; }

    /// <summary>The driver's CUDA version (<c>cudaDriverVersion 13000</c> is 13.0).</summary>
    public string? CudaDriverVersion { get; init; }
    public int? NNodes { get; init; }
    public int? LocalRanks { get; init; }
    public int? LocalRank { get; init; }

    /// <summary>The NET plugin NCCL uses (<c>Using network Socket</c>).</summary>
    public string? NetPlugin { get; init; }
    public string? Bootstrap { get; init; }

    /// <summary>False when NCCL printed <c>NET/IB : No device found.</c>, true when it listed an IB device.</summary>
    public bool? RdmaDeviceFound { get; init; }
    public IReadOnlyList<NcclTransport> Transports { get; init; } = [];

    /// <summary>NCCL variables NCCL reported as <c>set by environment</c>.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    public long? LastEnqueuedWork { get; init; }
    public long? LastCompletedWork { get; init; }
    public IReadOnlyList<string> Files { get; init; } = [];
}
