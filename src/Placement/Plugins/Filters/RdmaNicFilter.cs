namespace ControlPlane.Placement;

/// <summary>
/// Across nodes, both need an Active NIC port with an RDMA resource, of one link layer (InfiniBand
/// or RoCE); otherwise the KV cache can only go over TCP (allowed only by <c>allow-tcp</c>).
/// </summary>
internal sealed class RdmaNicFilter : IPairFilter
{
    public string Name => nameof(RdmaNicFilter);

    public PairVerdict Check(NodeShape prefill, NodeShape decode, PlacementRequest request)
    {
        var (p, d) = (prefill.Representative, decode.Representative);
        var a = p.Nics.Where(NodeShape.UsableForRdma).Select(n => n.LinkLayer).ToHashSet(StringComparer.Ordinal);
        var b = d.Nics.Where(NodeShape.UsableForRdma).Select(n => n.LinkLayer).ToHashSet(StringComparer.Ordinal);
        if (a.Count == 0 || b.Count == 0)
        {
            var without = a.Count == 0 ? p : d;
            return PairVerdict.TcpOnly($"{Name}: {without.Node} has no Active NIC port with an RDMA resource, only TCP");
        }

        return a.Overlaps(b)
            ? PairVerdict.Allowed
            : PairVerdict.TcpOnly($"{Name}: no common link layer between {p.Node} ({string.Join("/", a)}) and {d.Node} ({string.Join("/", b)}), only TCP");
    }
}
