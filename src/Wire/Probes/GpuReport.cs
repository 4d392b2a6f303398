namespace ControlPlane.Wire.Probes;

/// <summary>One GPU as its node sees it: identity, placement facts, telemetry and error counters.</summary>
[GenerateSerializer, Immutable, Alias("cp.GpuReport")]
public sealed record GpuReport
{
    [Id(0)] public required string Uuid { get; set; }

    /// <summary>NVML / nvidia-smi index on the host (not inside a container).</summary>
    [Id(1)] public required int Index { get; set; }

    /// <summary>
    /// Device minor: <c>/dev/nvidia{Minor}</c>; the number host-index binding is computed from. Null when no
    /// source knew it (the report's notes say so): the GPU is still placed, and selected by UUID.
    /// </summary>
    [Id(2)] public required int? Minor { get; set; }

    [Id(3)] public required string PciBusId { get; set; }

    [Id(4)] public required string Model { get; set; }

    /// <summary>Compute capability as <c>major.minor</c>, e.g. <c>9.0</c>, <c>12.0</c>.</summary>
    [Id(5)] public required string ComputeCapability { get; set; }

    [Id(6)] public long MemoryTotalMiB { get; set; }

    [Id(7)] public long MemoryUsedMiB { get; set; }

    [Id(8)] public int? UtilizationPercent { get; set; }

    [Id(9)] public int? TemperatureC { get; set; }

    [Id(10)] public double? PowerW { get; set; }

    [Id(11)] public EccCounters Ecc { get; set; } = new();

    [Id(12)] public int RetiredPages { get; set; }

    [Id(13)] public RemappedRows RemappedRows { get; set; } = new();

    /// <summary>XID events seen since the previous report (the agent clears them once accepted).</summary>
    [Id(14)] public XidEvent[] RecentXids { get; set; } = [];

    /// <summary>Per-link detail (state, speed, remote bus id). Agents may send the compact form instead.</summary>
    [Id(15)] public NvLinkState[] NvLinks { get; set; } = [];

    /// <summary>
    /// Compact form: how many NVLinks the GPU has. Eighteen link objects per GPU were half of an
    /// 8-GPU report's bytes and parse time; a healthy GPU needs only this count.
    /// </summary>
    [Id(18)] public int NvLinkCount { get; set; }

    /// <summary>
    /// Compact form: the links (0..<see cref="NvLinkCount"/>-1) that are down. Absent (null) reads as none.
    /// The id is on the property: Orleans' serializer, generated in another assembly, silently skipped the private field.
    /// </summary>
    [Id(19)]
    public int[] NvLinksDown
    {
        get => _nvLinksDown;
        set => _nvLinksDown = value ?? [];
    }

    private int[] _nvLinksDown = [];

    /// <summary>Total and down links from whichever form the agent sent (the detail wins when both are there).</summary>
    public (int Total, int Down) NvLinkTotals() =>
        NvLinks.Length > 0 ? (NvLinks.Length, NvLinks.Count(l => !l.Active)) : (NvLinkCount, NvLinksDown.Length);

    [Id(16)] public int? NumaNode { get; set; }

    [Id(17)] public string? CpuAffinity { get; set; }

    /// <summary>Multi-node NVLink fabric registration; null when the agent could not read it (older drivers, no NVML fabric API).</summary>
    [Id(20)] public GpuFabric? Fabric { get; set; }
}
