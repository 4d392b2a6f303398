using ControlPlane.Wire.Placement;

namespace ControlPlane.Placement;

/// <summary>
/// What a plan in progress has taken: plan-local free masks of the nodes it used, and the failure domains
/// and NIC rails its pairs are on. Node and NIC-pair score plugins read it.
/// </summary>
internal sealed class PlanState(PlacementRequest request)
{
    private readonly HashSet<string> _usedDomains = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedRails = new(StringComparer.Ordinal);

    public PlacementRequest Request => request;

    /// <summary>Free masks of the nodes the plan used, after its pairs.</summary>
    public Dictionary<IndexedNode, uint> Overlay { get; } = [];

    public HashSet<string> UsedNodes { get; } = new(StringComparer.Ordinal);

    public bool AnyDomainTaken => _usedDomains.Count > 0;

    public uint MaskOf(IndexedNode node) => Overlay.TryGetValue(node, out var m) ? m : node.FreeMask;

    public bool DomainTaken(IndexedNode node) => _usedDomains.Contains(Domain(node));

    public bool RailTaken(string device) => _usedRails.Contains(device);

    public void Take(PairCandidate chosen)
    {
        Overlay[chosen.Prefill] = MaskOf(chosen.Prefill) & ~chosen.PrefillGpus;
        Overlay[chosen.Decode] = MaskOf(chosen.Decode) & ~chosen.DecodeGpus;
        UsedNodes.Add(chosen.Prefill.Name);
        UsedNodes.Add(chosen.Decode.Name);
        _usedDomains.Add(Domain(chosen.Prefill));
        _usedDomains.Add(Domain(chosen.Decode));
        if (chosen.PrefillNic >= 0)
        {
            _usedRails.Add(chosen.Prefill.Node.Nics[chosen.PrefillNic].Device);
            _usedRails.Add(chosen.Decode.Node.Nics[chosen.DecodeNic].Device);
        }
    }

    /// <summary>
    /// A pair the deployment already has: this plan spreads from its failure domains (and, across nodes, its NIC rails)
    /// as from a pair of its own. Its GPUs are not taken here: the capacity already holds them.
    /// </summary>
    public void Beside(PairPlacement existing, CapacityIndex capacity)
    {
        _usedDomains.Add(Domain(existing.Prefill.Node, capacity.Find(existing.Prefill.Node)?.Rack));
        _usedDomains.Add(Domain(existing.Decode.Node, capacity.Find(existing.Decode.Node)?.Rack));
        if (existing.Prefill.Node != existing.Decode.Node && existing.Prefill.Nic is { } prefillNic && existing.Decode.Nic is { } decodeNic)
        {
            _usedRails.Add(prefillNic);
            _usedRails.Add(decodeNic);
        }
    }

    private string Domain(IndexedNode node) => Domain(node.Name, node.Node.Rack);

    private string Domain(string node, string? rack) => request.Spread == SpreadDomain.Rack ? rack ?? node : node;
}
