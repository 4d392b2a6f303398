namespace ControlPlane.Placement;

/// <summary>
/// <c>spread: tray</c>: a pair's two replicas on two trays (nodes), never one, so a tray failure takes one replica, not the
/// pair. Refuses the same-node tiers (NVLink, PCIe on one node); across two trays of one NVLink domain the pair keeps an
/// NVLink path (<c>nvlink-domain</c>), which the KV tier score then prefers over RDMA.
/// </summary>
internal sealed class TraySpreadFilter : IKvPathFilter
{
    public string Name => nameof(TraySpreadFilter);

    public string? Reject(PlacementRequest request, int rank, string wire) =>
        request.Spread == SpreadDomain.Tray && rank is KvPath.RankNvLink or KvPath.RankPcieSwitch or KvPath.RankHostBridge
            ? $"{Name}: spread tray puts prefill and decode on two trays; {wire} ({KvPath.TierName(rank)}) is one node"
            : null;
}
