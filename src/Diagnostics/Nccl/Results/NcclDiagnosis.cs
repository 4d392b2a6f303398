namespace ControlPlane.Diagnostics;

/// <summary>
/// The diagnosis of one job's NCCL logs. When <see cref="HasNcclLines"/> is false the input held
/// no NCCL or ProcessGroupNCCL output at all and everything else is empty: callers answer 422.
/// </summary>
public sealed record NcclDiagnosis(
    bool HasNcclLines,
    NcclTransport Transport,
    BandwidthClass BandwidthClass,
    IReadOnlyList<RankInfo> Ranks,
    IReadOnlyList<ChannelSummary> Channels,
    IReadOnlyList<Finding> Findings)
{
    /// <summary>Null when the logs print nothing about multi-node NVLink (NCCL before 2.20, or no fabric line).</summary>
    public MultiNodeNvlink? MultiNodeNvlink { get; init; }
}
