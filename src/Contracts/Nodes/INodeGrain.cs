using ControlPlane.Contracts.Placement;
using ControlPlane.Wire.Nodes;
using ControlPlane.Wire.Placement;
using ControlPlane.Wire.Probes;
using Orleans.CodeGeneration;
using Orleans.Concurrency;

namespace ControlPlane.Contracts.Nodes;

/// <summary>
/// One node, keyed by its name: the single writer of its latest report, heartbeat, cordon and
/// agent credential. A steady node costs one call per report; only changes travel further.
/// </summary>
// Version 2: the web front end mints agent tokens (SetAgentTokenAsync replaces IssueAgentTokenAsync);
// ResetSequenceAsync; GetGpuLastReportedAsync.
[Alias("cp.INodeGrain"), Version(2)]
public interface INodeGrain : IGrainWithStringKey
{
    [Alias("Report")]
    Task<ProbeAck> ReportAsync(ProbeReport report);

    /// <summary>Null when the node has never reported.</summary>
    [Alias("Get")]
    Task<NodeView?> GetAsync();

    /// <summary>Null when the node has never reported (an unknown node cannot be cordoned).</summary>
    [Alias("SetCordon")]
    Task<CordonState?> SetCordonAsync(CordonChange change);

    /// <summary>Replaces the node's agent token (the previous one stops working) by the SHA-256 of a new one.</summary>
    [Alias("SetAgentToken")]
    Task SetAgentTokenAsync(string tokenSha256);

    [Alias("VerifyAgentToken")]
    Task<bool> VerifyAgentTokenAsync(string tokenSha256);

    /// <summary>Holds exact GPUs for one replica, all or none; idempotent for the same owner.</summary>
    [Alias("Reserve")]
    Task<ReservationResult> ReserveAsync(GpuReservation reservation);

    /// <summary>Frees every GPU the owner holds on this node; releasing nothing is not an error.</summary>
    [Alias("Release")]
    Task ReleaseAsync(string owner);

    /// <summary>The node as placement sees it (free and healthy GPUs, links, NICs); null when never reported.</summary>
    [Alias("GetPlacement")]
    Task<PlacementNode?> GetPlacementAsync();

    /// <summary>Keeps a GPU (<c>gpu:3</c>) or NIC port (<c>nic:mlx5_1:1</c>) out of placement; answers the node as placement now sees it.</summary>
    [Alias("Quarantine")]
    Task<PlacementNode?> QuarantineAsync(Quarantine quarantine);

    /// <summary>Lifts a quarantine (only the incident's own when <paramref name="incident"/> is given); false when there was none.</summary>
    [Alias("LiftQuarantine")]
    Task<bool> LiftQuarantineAsync(string component, string? incident, string by);

    /// <summary>Re-evaluates readiness from the last heartbeat; fleet sweeps call it for silent nodes.</summary>
    [Alias("CheckLiveness"), OneWay]
    Task CheckLivenessAsync();

    /// <summary>Forgets the last accepted sequence: the next report with any sequence ≥ 0 is accepted. Null when the node has never reported.</summary>
    [Alias("ResetSequence")]
    Task<SequenceReset?> ResetSequenceAsync(string by, string? reason);

    /// <summary>
    /// When this node last reported the GPU, or null when its latest report does not name it. GPU grains ask
    /// while deciding another node's claim, possibly while this node waits on them: it interleaves.
    /// </summary>
    [Alias("GetGpuLastReported"), AlwaysInterleave, ReadOnly]
    Task<DateTimeOffset?> GetGpuLastReportedAsync(string uuid);
}
