using System.Globalization;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Placement;

/// <summary>A scored choice for one pair: nodes, GPU masks, NICs (cross-node) and the wire between them.</summary>
internal sealed class PairCandidate
{
    public required IndexedNode Prefill { get; init; }
    public required uint PrefillGpus { get; init; }
    public required IndexedNode Decode { get; init; }
    public required uint DecodeGpus { get; init; }
    public int PrefillNic { get; init; } = -1;
    public int DecodeNic { get; init; } = -1;
    public required int Rank { get; init; }
    public required string Wire { get; init; }
    public required double GBps { get; init; }
    public required double Score { get; init; }

    public bool SameNodes(PairCandidate other) =>
        ReferenceEquals(Prefill, other.Prefill) && ReferenceEquals(Decode, other.Decode);

    public PairPlacement ToPlacement(ModelSpec model) => new()
    {
        Prefill = Replica(Prefill, PrefillGpus, PrefillNic),
        Decode = Replica(Decode, DecodeGpus, DecodeNic),
        Tier = KvPath.TierName(Rank),
        Wire = Wire,
        EstimatedKvTransferMs = Math.Round(KvPath.TransferMs(model, GBps), 3),
        Score = Math.Round(Score, 1),
    };

    internal static ReplicaPlacement Replica(IndexedNode node, uint gpus, int nic) => Replica(node.Node, gpus, nic);

    internal static ReplicaPlacement Replica(PlacementNode node, uint gpus, int nic)
    {
        var picked = GpuSets.Indices(gpus).Select(i => node.Gpus[i]).ToArray();
        var n = nic >= 0 && nic < node.Nics.Length ? node.Nics[nic] : null;
        return new ReplicaPlacement
        {
            Node = node.Node,
            GpuIndices = [.. picked.Select(g => g.Index)],
            GpuUuids = [.. picked.Select(g => g.Uuid)],
            GpuMinors = picked.All(g => g.Minor is not null) ? [.. picked.Select(g => g.Minor!.Value)] : null,
            Nic = n?.Device,
            NicNetdev = n?.Netdev,
            RdmaResource = n?.RdmaResource,
            Rack = node.Rack,
            NvlinkDomain = node.NvlinkDomain,
        };
    }

    internal static string LinkName(int rank) => rank switch
    {
        0 => "NV",
        1 => "PIX",
        2 => "PXB",
        3 => "PHB",
        4 => "NODE",
        _ => "SYS",
    };

    /// <summary><c>mlx5_1 400 Gb/s (PIX/PIX)</c>, or <c>mlx5_1→mlx5_0 200 Gb/s (PXB/SYS)</c> when the devices differ.</summary>
    internal static string RdmaWire(PlacementNic a, int rankA, PlacementNic b, int rankB)
    {
        var rate = Math.Min(a.RateGbps, b.RateGbps).ToString("0.#", CultureInfo.InvariantCulture);
        var devices = a.Device == b.Device ? a.Device : $"{a.Device}→{b.Device}";
        return $"{devices} {rate} Gb/s ({LinkName(rankA)}/{LinkName(rankB)})";
    }
}
