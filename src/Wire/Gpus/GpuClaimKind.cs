namespace ControlPlane.Wire.Gpus;

/// <summary>What became of another node's claim on a GPU.</summary>
public enum GpuClaimKind
{
    /// <summary>The owner no longer reported the GPU (or had not for the move period): it moved to the claimant.</summary>
    Moved,

    /// <summary>The owner still reports the GPU: the claimant's report was refused (409) and changed nothing.</summary>
    Refused,
}
