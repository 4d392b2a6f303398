using ControlPlane.Wire.Placement;

namespace ControlPlane.Placement;

/// <summary>Across nodes, NCCL and the driver's CUDA must be the same on both sides, or the handshake fails.</summary>
public sealed class NcclCudaMatchFilter : IPairFilter
{
    public string Name => nameof(NcclCudaMatchFilter);

    public string? Reject(PlacementNode prefill, PlacementNode decode, PlacementRequest request)
    {
        if (!string.Equals(prefill.Nccl, decode.Nccl, StringComparison.Ordinal))
        {
            return $"{Name}: NCCL {prefill.Nccl ?? "unknown"} on {prefill.Node} ≠ {decode.Nccl ?? "unknown"} on {decode.Node}";
        }

        return string.Equals(prefill.Cuda, decode.Cuda, StringComparison.Ordinal)
            ? null
            : $"{Name}: CUDA {prefill.Cuda} on {prefill.Node} ≠ {decode.Cuda} on {decode.Node}";
    }
}

/// <summary>
/// Across nodes, both need an Active NIC port with an RDMA resource, of one link layer (InfiniBand
/// or RoCE); otherwise the KV cache can only go over TCP (allowed only by <c>allow-tcp</c>).
/// </summary>
public sealed class RdmaNicFilter : IPairFilter
{
    public string Name => nameof(RdmaNicFilter);

    public string? Reject(PlacementNode prefill, PlacementNode decode, PlacementRequest request)
    {
        var a = prefill.Nics.Where(NodeShape.UsableForRdma).Select(n => n.LinkLayer).ToHashSet(StringComparer.Ordinal);
        var b = decode.Nics.Where(NodeShape.UsableForRdma).Select(n => n.LinkLayer).ToHashSet(StringComparer.Ordinal);
        if (a.Count == 0 || b.Count == 0)
        {
            var without = a.Count == 0 ? prefill : decode;
            return $"{Name}: {without.Node} has no Active NIC port with an RDMA resource, only TCP";
        }

        return a.Overlaps(b) ? null : $"{Name}: no common link layer between {prefill.Node} ({string.Join("/", a)}) and {decode.Node} ({string.Join("/", b)}), only TCP";
    }
}

/// <summary>The transfer policy against the tier a choice gets.</summary>
public static class TransferPolicyFilter
{
    public const string Name = nameof(TransferPolicyFilter);

    public static string Reason(PlacementRequest request, int rank, string wire) => request.Policy switch
    {
        TransferPolicy.RequireNvlink => $"{Name}: best wire is {wire} ({KvPath.TierName(rank)}), policy require-nvlink needs same-node NV#",
        _ => $"{Name}: only {KvPath.TierName(rank)} ({wire}) possible, policy {request.Spec.TransferPolicy} never chooses TCP (allow-tcp does)",
    };
}
