using ControlPlane.Wire.Topology;

namespace ControlPlane.Placement;

/// <summary>
/// The best GPUs of one shape for a same-node pair and for one replica of a cross-node pair, scored by a
/// profile's GPU-level score plugins and cached per (free mask, TPs): thousands of nodes of a shape share
/// a handful of free masks, so the plugins run once per mask, not per node.
/// </summary>
internal sealed class ShapeChoices(NodeShape shape, PlacementProfile profile)
{
    private readonly Dictionary<ulong, SameNodeOption?> _pairs = [];
    private readonly Dictionary<ulong, ReplicaOptions> _replicas = [];

    public PlacementProfile Profile => profile;

    /// <summary>The best same-node pair inside <paramref name="mask"/>; null when it does not fit.</summary>
    public SameNodeOption? BestPair(uint mask, int prefillTp, int decodeTp)
    {
        var key = mask | ((ulong)prefillTp << 32) | ((ulong)decodeTp << 44);
        if (_pairs.TryGetValue(key, out var cached))
        {
            return cached;
        }

        SameNodeOption? best = null;
        if (GpuSets.Count(mask) >= prefillTp + decodeTp)
        {
            foreach (var p in shape.Groups(mask, prefillTp))
            {
                var groupP = profile.GroupScore(shape, p);
                foreach (var d in shape.Groups(mask & ~p, decodeTp))
                {
                    var worst = shape.Worst(p, d);
                    var rank = worst.Kind == LinkKind.NvLink ? KvPath.RankNvLink : worst.IsPcieSwitch ? KvPath.RankPcieSwitch : KvPath.RankHostBridge;
                    var gbps = KvPath.SameNodeGBps(worst);
                    var group = groupP + profile.GroupScore(shape, d);
                    var score = profile.KvPathScore(rank, gbps) + group + profile.TakeScore(shape, mask, p | d);
                    if (best is null || score > best.Score)
                    {
                        best = new SameNodeOption(p, d, rank, worst, gbps, score);
                    }
                }
            }
        }

        _pairs[key] = best;
        return best;
    }

    /// <summary>The best GPUs for one replica of a cross-node pair, per NIC link layer.</summary>
    public ReplicaOptions BestReplica(uint mask, int tp)
    {
        var key = mask | ((ulong)tp << 32);
        if (_replicas.TryGetValue(key, out var cached))
        {
            return cached;
        }

        ReplicaOption? ib = null, eth = null, any = null;
        if (GpuSets.Count(mask) >= tp)
        {
            var nics = shape.Nics;
            foreach (var g in shape.Groups(mask, tp))
            {
                var group = profile.GroupScore(shape, g);
                var take = profile.TakeScore(shape, mask, g);
                var plain = group + take;
                if (any is null || plain > any.Score)
                {
                    any = new ReplicaOption(g, -1, KvPath.RankTcp, group, take, plain);
                }

                for (var nic = 0; nic < nics.Length; nic++)
                {
                    if (!NodeShape.UsableForRdma(nics[nic]))
                    {
                        continue;
                    }

                    var nicRank = shape.NicRank(g, nic);
                    var score = plain + profile.NicScore(shape, nic, nicRank);
                    var option = new ReplicaOption(g, nic, nicRank, group, take, score);
                    if (nics[nic].LinkLayer == "InfiniBand")
                    {
                        ib = ib is null || score > ib.Score ? option : ib;
                    }
                    else
                    {
                        eth = eth is null || score > eth.Score ? option : eth;
                    }
                }
            }
        }

        var result = new ReplicaOptions(ib, eth, any);
        _replicas[key] = result;
        return result;
    }
}
