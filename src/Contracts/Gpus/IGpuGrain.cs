using ControlPlane.Wire.Gpus;
using Orleans.CodeGeneration;

namespace ControlPlane.Contracts.Gpus;

/// <summary>
/// One GPU by UUID: its health state machine and history, wherever it is installed, and the authority
/// over which node it belongs to (the node that reports it; another may take it only when the owner
/// stopped reporting it).
/// </summary>
// Version 2: ClaimAsync. Version 3: ClaimAndObserveAsync.
[Alias("cp.IGpuGrain"), Version(3)]
public interface IGpuGrain : IGrainWithStringKey
{
    [Alias("Observe")]
    Task ObserveAsync(GpuObservation observation);

    /// <summary>
    /// Asked by a node whose report names this GPU for the first time. Granted when no node owns it, the
    /// node already does, or the owner no longer reports it (or has not for <c>ControlPlane:Gpus:MoveAfter</c>);
    /// otherwise refused, and the refused claim is recorded. Granting writes nothing: the move is recorded by
    /// the <see cref="ObserveAsync"/> that follows once the claimant's report is accepted.
    /// </summary>
    [Alias("Claim")]
    Task<GpuClaimAnswer> ClaimAsync(string node);

    /// <summary>
    /// <see cref="ClaimAsync"/> and, when granted, <see cref="ObserveAsync"/> in one call: what a node does for a GPU new
    /// to it (registration asked every GPU grain twice). A grant is recorded even when a sibling GPU's claim is refused
    /// and the node's report with it; the claimant then holds the GPU without reporting it, which a later claim finds
    /// out (the owner no longer reports it) and grants.
    /// </summary>
    [Alias("ClaimAndObserve")]
    Task<GpuClaimAnswer> ClaimAndObserveAsync(GpuObservation observation);

    /// <summary>Null when no node has ever reported this GPU.</summary>
    [Alias("Get")]
    Task<GpuRecord?> GetAsync();
}
