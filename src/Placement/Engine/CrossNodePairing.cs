namespace ControlPlane.Placement;

/// <summary>
/// Pairs the kept replica slots of every two shapes across nodes: the pair filters decide once per pair of
/// shapes whether the pair may use RDMA, only TCP, or nothing; the KV path filters whether the request accepts TCP.
/// </summary>
internal sealed class CrossNodePairing(PlanRun run)
{
    private readonly PlacementProfile _profile = run.Profile;
    private readonly string? _tcpRefusal = run.Profile.KvPathRefusal(run.Request, KvPath.RankTcp, "TCP");

    public void Offer(Dictionary<ShapeRun, ReplicaSlots> sides, TopCandidates top)
    {
        var request = run.Request;
        foreach (var (a, slotsA) in sides)
        {
            foreach (var (b, slotsB) in sides)
            {
                var prefill = slotsA.Prefill;
                var decode = slotsB.Decode;
                if (prefill.Any.Best.IsEmpty || decode.Any.Best.IsEmpty)
                {
                    continue;
                }

                var refused = false;
                string? tcpOnly = null;
                foreach (var filter in _profile.PairFilters)
                {
                    switch (filter.Check(a.Shape, b.Shape, request))
                    {
                        case { Access: PairAccess.TcpOnly, Reason: var reason }:
                            tcpOnly = reason;
                            break;
                        case { Access: PairAccess.Refused, Reason: { } reason }:
                            refused = true;
                            a.PairReasons.Add(reason);
                            b.PairReasons.Add(reason);
                            break;
                    }
                }

                if (refused)
                {
                    continue;
                }

                // Two trays of one NVLink domain: the KV cache crosses the NVLink switch, no NIC needed.
                if (a.Shape.Representative.NvlinkDomain is { } domain && domain == b.Shape.Representative.NvlinkDomain)
                {
                    Combine(prefill.Any, decode.Any, a, b, PairPath.NvLinkDomain, top);
                }

                if (tcpOnly is null)
                {
                    Combine(prefill.InfiniBand, decode.InfiniBand, a, b, PairPath.Rdma, top);
                    Combine(prefill.Ethernet, decode.Ethernet, a, b, PairPath.Rdma, top);
                }

                if (_tcpRefusal is null)
                {
                    Combine(prefill.Any, decode.Any, a, b, PairPath.Tcp, top);
                }
                else if (tcpOnly is not null)
                {
                    var reason = _tcpRefusal + "; " + tcpOnly;
                    a.PairReasons.Add(reason);
                    b.PairReasons.Add(reason);
                }
            }
        }
    }

    private enum PairPath
    {
        NvLinkDomain,
        Rdma,
        Tcp,
    }

    private void Combine(TopTwo prefill, TopTwo decode, ShapeRun a, ShapeRun b, PairPath path, TopCandidates top)
    {
        ReadOnlySpan<ReplicaSlot> ps = [prefill.Best, prefill.Second];
        ReadOnlySpan<ReplicaSlot> ds = [decode.Best, decode.Second];
        foreach (var p in ps)
        {
            if (p.IsEmpty)
            {
                continue;
            }

            foreach (var d in ds)
            {
                if (d.IsEmpty || ReferenceEquals(p.Node, d.Node))
                {
                    continue;
                }

                var candidate = path switch
                {
                    PairPath.NvLinkDomain => NvLinkDomain(p, d),
                    PairPath.Rdma => Rdma(p, d),
                    _ => Tcp(p, d),
                };
                if (_profile.KvPathRefusal(run.Request, candidate.Rank, candidate.Wire) is { } refusal)
                {
                    a.PairReasons.Add(refusal);
                    b.PairReasons.Add(refusal);
                    continue;
                }

                top.Offer(candidate);
            }
        }
    }

    private PairCandidate Rdma(ReplicaSlot p, ReplicaSlot d)
    {
        var nicP = p.Node.Node.Nics[p.Option.Nic];
        var nicD = d.Node.Node.Nics[d.Option.Nic];
        var rank = p.Option.NicRank <= 2 && d.Option.NicRank <= 2 ? KvPath.RankRdmaNear : KvPath.RankRdmaFar;
        var gbps = KvPath.RdmaGBps(Math.Min(nicP.RateGbps, nicD.RateGbps));
        return new PairCandidate
        {
            Prefill = p.Node,
            PrefillGpus = p.Option.Gpus,
            PrefillNic = p.Option.Nic,
            Decode = d.Node,
            DecodeGpus = d.Option.Gpus,
            DecodeNic = d.Option.Nic,
            Rank = rank,
            Wire = PairCandidate.RdmaWire(nicP, p.Option.NicRank, nicD, d.Option.NicRank),
            GBps = gbps,
            Score = _profile.KvPathScore(rank, gbps) + Parts(p) + Parts(d) + _profile.NicPairScore(nicP, nicD, run.State),
        };
    }

    private PairCandidate NvLinkDomain(ReplicaSlot p, ReplicaSlot d) => WithoutNic(p, d, KvPath.RankNvLinkDomain, "NVLink domain", KvPath.NvLinkDomainGBps);

    private PairCandidate Tcp(ReplicaSlot p, ReplicaSlot d) => WithoutNic(p, d, KvPath.RankTcp, "TCP", KvPath.TcpGBps);

    /// <summary>A pair whose KV path names no NIC (the NVLink switch, or whatever TCP route the hosts take).</summary>
    private PairCandidate WithoutNic(ReplicaSlot p, ReplicaSlot d, int rank, string wire, double gbps) => new()
    {
        Prefill = p.Node,
        PrefillGpus = p.Option.Gpus,
        Decode = d.Node,
        DecodeGpus = d.Option.Gpus,
        Rank = rank,
        Wire = wire,
        GBps = gbps,
        Score = _profile.KvPathScore(rank, gbps) + Parts(p) + Parts(d),
    };

    /// <summary>A replica's GPU scores less its node's penalties (not its NIC score: the pair's path counts that).</summary>
    private static double Parts(ReplicaSlot slot) =>
        slot.Option.GroupScore + slot.Option.TakeScore - (slot.Option.Score - slot.Score);
}
