namespace ControlPlane.Placement;

/// <summary>
/// One plan in progress: which shapes pass the filters, the plan-local free masks of nodes the plan
/// already used, the failure domains taken, and the reasons seen on the way (for the rejections).
/// Candidate generation visits (shape × free-mask bucket), at most two nodes per bucket, never
/// every node: all nodes of a bucket are interchangeable except for name order and spread.
/// </summary>
internal sealed class PlanRun
{
    private const int Layers = 3; // InfiniBand, Ethernet (RoCE), Any (TCP)
    private readonly PlacementEngine _engine;
    private readonly Dictionary<IndexedNode, uint> _overlay = [];
    private readonly HashSet<string> _usedDomains = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedRails = new(StringComparer.Ordinal);

    public PlanRun(PlacementEngine engine, CapacityIndex capacity, PlacementRequest request)
    {
        _engine = engine;
        Capacity = capacity;
        Request = request;
        foreach (var shape in capacity.Shapes)
        {
            var reasons = engine.NodeFilters.Where(f => f.Scope == FilterScope.Shape)
                .Select(f => f.Reject(shape.Representative, request)).OfType<string>().ToArray();
            ShapeReasons[shape] = reasons;
            MemorySlack[shape] = (Slack(shape, request.PrefillTp), Slack(shape, request.DecodeTp));
        }
    }

    public CapacityIndex Capacity { get; }
    public PlacementRequest Request { get; }
    public Dictionary<NodeShape, string[]> ShapeReasons { get; } = [];

    /// <summary>Per shape: the memory best-fit penalty of a prefill and of a decode replica.</summary>
    private Dictionary<NodeShape, (double Prefill, double Decode)> MemorySlack { get; } = [];

    /// <summary>Per (shape, original free mask): reasons a node there was passed over (policy, pair filters).</summary>
    public Dictionary<(NodeShape, uint), HashSet<string>> BucketReasons { get; } = [];

    /// <summary>Per shape: pair-level reasons (NCCL mismatch, no RDMA NIC) seen when pairing it across nodes.</summary>
    public Dictionary<NodeShape, HashSet<string>> ShapePairReasons { get; } = [];

    public HashSet<string> UsedNodes { get; } = new(StringComparer.Ordinal);

    public (PairCandidate? Best, PairCandidate? RunnerUp) PlaceOne()
    {
        var request = Request;
        var best = default(PairCandidate);
        var second = default(PairCandidate);
        void Offer(PairCandidate c)
        {
            if (best is null || c.Score > best.Score)
            {
                if (best is not null && !best.SameNodes(c))
                {
                    second = best;
                }

                best = c;
            }
            else if (!best.SameNodes(c) && (second is null || c.Score > second.Score))
            {
                second = c;
            }
        }

        var crossNode = request.Policy != TransferPolicy.RequireNvlink;
        var sides = new Dictionary<NodeShape, ReplicaSlot[]>();
        foreach (var (shape, mask, original, node) in Slots())
        {
            var penalty = Penalty(node);
            var slack = MemorySlack[shape];
            if (GpuSets.Count(mask) >= request.PrefillTp + request.DecodeTp && shape.BestPair(mask, request.PrefillTp, request.DecodeTp) is { } pair)
            {
                if (KvPath.PolicyAllows(request.Policy, pair.Rank))
                {
                    Offer(new PairCandidate
                    {
                        Prefill = node,
                        PrefillGpus = pair.Prefill,
                        Decode = node,
                        DecodeGpus = pair.Decode,
                        Rank = pair.Rank,
                        Wire = pair.Worst.ToString(),
                        GBps = pair.GBps,
                        Score = pair.Score - penalty - slack.Prefill - slack.Decode,
                    });
                }
                else
                {
                    Note(shape, original, TransferPolicyFilter.Reason(request, pair.Rank, pair.Worst.ToString()));
                }
            }

            if (!crossNode)
            {
                continue;
            }

            if (!sides.TryGetValue(shape, out var slots))
            {
                sides[shape] = slots = new ReplicaSlot[2 * Layers * 2];
            }

            Keep(slots, 0, shape.BestReplica(mask, request.PrefillTp), node, penalty + slack.Prefill);
            Keep(slots, Layers * 2, shape.BestReplica(mask, request.DecodeTp), node, penalty + slack.Decode);
        }

        if (crossNode)
        {
            CrossNode(sides, Offer);
        }

        return (best, second);
    }

    public void Apply(PairCandidate chosen)
    {
        _overlay[chosen.Prefill] = MaskOf(chosen.Prefill) & ~chosen.PrefillGpus;
        _overlay[chosen.Decode] = MaskOf(chosen.Decode) & ~chosen.DecodeGpus;
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

    public bool ShapeEligible(NodeShape shape) => ShapeReasons.TryGetValue(shape, out var r) && r.Length == 0;

    private double Slack(NodeShape shape, int tp) =>
        Request.Model.WeightGiB <= 0 ? 0 : ScoreWeights.MemorySlackPerGiB * Math.Max(0, shape.MinGpuMemoryGiB - (Request.Model.WeightGiB / tp));

    private uint MaskOf(IndexedNode node) => _overlay.TryGetValue(node, out var m) ? m : node.FreeMask;

    private string Domain(IndexedNode node) => Request.Spread == SpreadDomain.Rack ? node.Node.Rack ?? node.Name : node.Name;

    private double Penalty(IndexedNode node) =>
        (_usedDomains.Contains(Domain(node)) ? ScoreWeights.SameFailureDomain : 0) + (node.Degraded ? ScoreWeights.DegradedNode : 0);

    private void Note(NodeShape shape, uint mask, string reason)
    {
        if (!BucketReasons.TryGetValue((shape, mask), out var set))
        {
            BucketReasons[(shape, mask)] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        set.Add(reason);
    }

    private void NoteShape(NodeShape shape, string reason)
    {
        if (!ShapePairReasons.TryGetValue(shape, out var set))
        {
            ShapePairReasons[shape] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        set.Add(reason);
    }

    /// <summary>(shape, plan-local mask, original mask, node): up to two nodes per bucket, unused failure domains first, then the plan's own nodes.</summary>
    private IEnumerable<(NodeShape, uint, uint, IndexedNode)> Slots()
    {
        var smallest = Request.SmallerTp;
        if (Request.Pinned is { } pinned)
        {
            foreach (var name in pinned)
            {
                if (Capacity.Indexed(name) is { Schedulable: true } node && ShapeEligible(node.Shape) && GpuSets.Count(MaskOf(node)) >= smallest)
                {
                    yield return (node.Shape, MaskOf(node), node.FreeMask, node);
                }
            }

            yield break;
        }

        var fallback = new IndexedNode?[2];
        foreach (var shape in Capacity.Shapes)
        {
            if (!ShapeEligible(shape))
            {
                continue;
            }

            foreach (var (mask, bucket) in shape.Buckets)
            {
                if (GpuSets.Count(mask) < smallest)
                {
                    continue;
                }

                var taken = 0;
                var spare = 0;
                foreach (var node in bucket)
                {
                    if (_overlay.ContainsKey(node))
                    {
                        continue;
                    }

                    if (_usedDomains.Count > 0 && _usedDomains.Contains(Domain(node)))
                    {
                        if (spare < 2)
                        {
                            fallback[spare++] = node;
                        }

                        continue;
                    }

                    yield return (shape, mask, mask, node);
                    if (++taken == 2)
                    {
                        break;
                    }
                }

                for (var i = 0; i < spare && taken < 2; i++, taken++)
                {
                    yield return (shape, mask, mask, fallback[i]!);
                }
            }
        }

        foreach (var (node, mask) in _overlay)
        {
            if (ShapeEligible(node.Shape) && GpuSets.Count(mask) >= smallest)
            {
                yield return (node.Shape, mask, node.FreeMask, node);
            }
        }
    }

    /// <summary>Keeps the two best nodes per (side, link layer) of a shape: slot [side + layer*2 + 0..1].</summary>
    private static void Keep(ReplicaSlot[] slots, int side, ReplicaOptions options, IndexedNode node, double penalty)
    {
        Put(slots, side + 0, options.InfiniBand, node, penalty);
        Put(slots, side + 2, options.Ethernet, node, penalty);
        Put(slots, side + 4, options.Any, node, penalty);
    }

    private static void Put(ReplicaSlot[] slots, int at, ReplicaOption? option, IndexedNode node, double penalty)
    {
        if (option is null)
        {
            return;
        }

        var slot = new ReplicaSlot(node, option, option.Score - penalty);
        if (slots[at].Node is null || slot.Score > slots[at].Score)
        {
            slots[at + 1] = slots[at];
            slots[at] = slot;
        }
        else if (slots[at + 1].Node is null || slot.Score > slots[at + 1].Score)
        {
            slots[at + 1] = slot;
        }
    }

    private void CrossNode(Dictionary<NodeShape, ReplicaSlot[]> sides, Action<PairCandidate> offer)
    {
        var request = Request;
        foreach (var (a, slotsA) in sides)
        {
            foreach (var (b, slotsB) in sides)
            {
                var prefillAny = slotsA[4];
                var decodeAny = slotsB[(Layers * 2) + 4];
                if (prefillAny.Node is null || decodeAny.Node is null)
                {
                    continue;
                }

                var refused = false;
                string? tcpOnly = null;
                foreach (var filter in _engine.PairFilters)
                {
                    if (filter.Reject(a.Representative, b.Representative, request) is not { } reason)
                    {
                        continue;
                    }

                    if (filter is RdmaNicFilter)
                    {
                        tcpOnly = reason;
                    }
                    else
                    {
                        refused = true;
                        NoteShape(a, reason);
                        NoteShape(b, reason);
                    }
                }

                if (refused)
                {
                    continue;
                }

                if (tcpOnly is null)
                {
                    for (var layer = 0; layer < 2; layer++)
                    {
                        Combine(slotsA, layer * 2, slotsB, (Layers * 2) + (layer * 2), tcp: false, offer);
                    }
                }

                if (request.Policy == TransferPolicy.AllowTcp)
                {
                    Combine(slotsA, 4, slotsB, (Layers * 2) + 4, tcp: true, offer);
                }
                else if (tcpOnly is not null)
                {
                    var reason = TransferPolicyFilter.Reason(request, KvPath.RankTcp, "TCP") + "; " + tcpOnly;
                    NoteShape(a, reason);
                    NoteShape(b, reason);
                }
            }
        }
    }

    private void Combine(ReplicaSlot[] slotsA, int atA, ReplicaSlot[] slotsB, int atB, bool tcp, Action<PairCandidate> offer)
    {
        for (var i = 0; i < 2; i++)
        {
            var p = slotsA[atA + i];
            if (p.Node is null)
            {
                continue;
            }

            for (var j = 0; j < 2; j++)
            {
                var d = slotsB[atB + j];
                if (d.Node is null || ReferenceEquals(p.Node, d.Node))
                {
                    continue;
                }

                offer(tcp ? Tcp(p, d) : Rdma(p, d));
            }
        }
    }

    private PairCandidate Rdma(ReplicaSlot p, ReplicaSlot d)
    {
        var nicP = p.Node.Node.Nics[p.Option.Nic];
        var nicD = d.Node.Node.Nics[d.Option.Nic];
        var rank = p.Option.NicRank <= 2 && d.Option.NicRank <= 2 ? KvPath.RankRdmaNear : KvPath.RankRdmaFar;
        var gbps = KvPath.RdmaGBps(Math.Min(nicP.RateGbps, nicD.RateGbps));
        var rail = Request.Spread == SpreadDomain.NicRail && (_usedRails.Contains(nicP.Device) || _usedRails.Contains(nicD.Device)) ? ScoreWeights.SameFailureDomain / 2 : 0;
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
            Score = ScoreWeights.PathScore(rank, gbps) + Parts(p) + Parts(d) - rail,
        };
    }

    private static PairCandidate Tcp(ReplicaSlot p, ReplicaSlot d) => new()
    {
        Prefill = p.Node,
        PrefillGpus = p.Option.Gpus,
        Decode = d.Node,
        DecodeGpus = d.Option.Gpus,
        Rank = KvPath.RankTcp,
        Wire = "TCP",
        GBps = KvPath.TcpGBps,
        Score = ScoreWeights.PathScore(KvPath.RankTcp, KvPath.TcpGBps) + Parts(p) + Parts(d),
    };

    /// <summary>A replica's locality and fragmentation, less its node's penalties (not its NIC bonus: the tier counts that).</summary>
    private static double Parts(ReplicaSlot slot) =>
        slot.Option.Locality - (ScoreWeights.FragmentationPerUnit * slot.Option.Loss) - (slot.Option.Score - slot.Score);

    private readonly record struct ReplicaSlot(IndexedNode Node, ReplicaOption Option, double Score);
}
