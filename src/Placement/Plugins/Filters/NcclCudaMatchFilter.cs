namespace ControlPlane.Placement;

/// <summary>Across nodes, NCCL and the driver's CUDA must be the same on both sides, or the handshake fails.</summary>
internal sealed class NcclCudaMatchFilter : IPairFilter
{
    public string Name => nameof(NcclCudaMatchFilter);

    public PairVerdict Check(NodeShape prefill, NodeShape decode, PlacementRequest request)
    {
        var (p, d) = (prefill.Representative, decode.Representative);
        if (!string.Equals(p.Nccl, d.Nccl, StringComparison.Ordinal))
        {
            return PairVerdict.Refused($"{Name}: NCCL {p.Nccl ?? "unknown"} on {p.Node} ≠ {d.Nccl ?? "unknown"} on {d.Node}");
        }

        return string.Equals(p.Cuda, d.Cuda, StringComparison.Ordinal)
            ? PairVerdict.Allowed
            : PairVerdict.Refused($"{Name}: CUDA {p.Cuda} on {p.Node} ≠ {d.Cuda} on {d.Node}");
    }
}
