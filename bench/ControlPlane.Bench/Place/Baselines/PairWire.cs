using ControlPlane.Placement;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;
using ControlPlane.Wire.Topology;

namespace ControlPlane.Bench.Place.Baselines;

/// <summary>
/// The wire a given pair of GPU sets actually gets, whoever chose them: the worst GPU link on one
/// node, or RDMA through the best Active NIC of each node (TCP when either has none). Used to score
/// the baselines with the engine's own yardstick.
/// </summary>
internal static class PairWire
{
    public static PairPlacement Evaluate(ModelSpec model, IndexedNode prefill, uint prefillGpus, IndexedNode decode, uint decodeGpus)
    {
        if (ReferenceEquals(prefill, decode))
        {
            var worst = prefill.Shape.Worst(prefillGpus, decodeGpus);
            var rank = worst.Kind == LinkKind.NvLink ? KvPath.RankNvLink : worst.IsPcieSwitch ? KvPath.RankPcieSwitch : KvPath.RankHostBridge;
            return Make(model, prefill, prefillGpus, -1, decode, decodeGpus, -1, rank, worst.ToString(), KvPath.SameNodeGBps(worst));
        }

        var best = (Rank: int.MaxValue, P: -1, D: -1, PRank: 0, DRank: 0);
        var p = prefill.Shape;
        var d = decode.Shape;
        for (var i = 0; i < p.Nics.Length; i++)
        {
            for (var j = 0; j < d.Nics.Length; j++)
            {
                if (!NodeShape.UsableForRdma(p.Nics[i]) || !NodeShape.UsableForRdma(d.Nics[j]) || p.Nics[i].LinkLayer != d.Nics[j].LinkLayer)
                {
                    continue;
                }

                var pr = p.NicRank(prefillGpus, i);
                var dr = d.NicRank(decodeGpus, j);
                var rank = (pr <= 2 && dr <= 2 ? KvPath.RankRdmaNear : KvPath.RankRdmaFar) * 100000
                    - (int)Math.Min(p.Nics[i].RateGbps, d.Nics[j].RateGbps) + pr + dr;
                if (rank < best.Rank)
                {
                    best = (rank, i, j, pr, dr);
                }
            }
        }

        if (best.P < 0)
        {
            return Make(model, prefill, prefillGpus, -1, decode, decodeGpus, -1, KvPath.RankTcp, "TCP", KvPath.TcpGBps);
        }

        var nicP = p.Nics[best.P];
        var nicD = d.Nics[best.D];
        var tier = best.PRank <= 2 && best.DRank <= 2 ? KvPath.RankRdmaNear : KvPath.RankRdmaFar;
        return Make(model, prefill, prefillGpus, best.P, decode, decodeGpus, best.D, tier,
            PairCandidate.RdmaWire(nicP, best.PRank, nicD, best.DRank), KvPath.RdmaGBps(Math.Min(nicP.RateGbps, nicD.RateGbps)));
    }

    private static PairPlacement Make(ModelSpec model, IndexedNode p, uint pg, int pn, IndexedNode d, uint dg, int dn, int rank, string wire, double gbps) => new()
    {
        Prefill = PairCandidate.Replica(p, pg, pn),
        Decode = PairCandidate.Replica(d, dg, dn),
        Tier = KvPath.TierName(rank),
        Wire = wire,
        EstimatedKvTransferMs = Math.Round(KvPath.TransferMs(model, gbps), 3),
    };
}
