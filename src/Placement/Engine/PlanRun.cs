namespace ControlPlane.Placement;

/// <summary>
/// One plan in progress: each shape's filter reasons and scores for this request (<see cref="ShapeRun"/>),
/// what the plan has taken (<see cref="PlanState"/>), and one step per pair: score the same-node choice of every
/// visited node (<see cref="CandidateSlots"/>), keep the best replica slots per shape, and pair those across nodes
/// (<see cref="CrossNodePairing"/>).
/// </summary>
internal sealed class PlanRun
{
    private readonly Dictionary<NodeShape, ShapeRun> _shapes = [];
    private readonly bool _crossNode;
    private readonly CrossNodePairing _pairing;

    public PlanRun(PlacementProfile profile, CapacityIndex capacity, PlacementRequest request)
    {
        Profile = profile;
        Capacity = capacity;
        Request = request;
        State = new PlanState(request);
        foreach (var shape in capacity.Shapes)
        {
            _shapes[shape] = new ShapeRun(shape, profile, request);
        }

        var domains = capacity.Shapes.Any(s => s.Representative.NvlinkDomain is not null);
        _crossNode = (domains && profile.KvPathRefusal(request, KvPath.RankNvLinkDomain, "NVLink domain") is null)
            || profile.KvPathRefusal(request, KvPath.RankRdmaNear, "RDMA") is null
            || profile.KvPathRefusal(request, KvPath.RankRdmaFar, "RDMA") is null
            || profile.KvPathRefusal(request, KvPath.RankTcp, "TCP") is null;
        _pairing = new CrossNodePairing(this);
    }

    public PlacementProfile Profile { get; }
    public CapacityIndex Capacity { get; }
    public PlacementRequest Request { get; }
    public PlanState State { get; }

    public IEnumerable<ShapeRun> Shapes => _shapes.Values;

    public ShapeRun For(NodeShape shape) => _shapes[shape];

    public TopCandidates PlaceOne()
    {
        var request = Request;
        var top = new TopCandidates();
        var sides = new Dictionary<ShapeRun, ReplicaSlots>();
        foreach (var (shape, mask, original, node) in CandidateSlots.Of(this))
        {
            var penalty = -Profile.NodeScore(node, State);
            if (GpuSets.Count(mask) >= request.PrefillTp + request.DecodeTp && shape.Choices.BestPair(mask, request.PrefillTp, request.DecodeTp) is { } pair)
            {
                if (Profile.KvPathRefusal(request, pair.Rank, pair.Wire) is { } refusal)
                {
                    shape.Note(original, refusal);
                }
                else
                {
                    top.Offer(new PairCandidate
                    {
                        Prefill = node,
                        PrefillGpus = pair.Prefill,
                        Decode = node,
                        DecodeGpus = pair.Decode,
                        Rank = pair.Rank,
                        Wire = pair.Wire,
                        GBps = pair.GBps,
                        Score = pair.Score - penalty - shape.PrefillFit - shape.DecodeFit,
                    });
                }
            }

            if (!_crossNode)
            {
                continue;
            }

            if (!sides.TryGetValue(shape, out var slots))
            {
                sides[shape] = slots = new ReplicaSlots();
            }

            slots.Prefill.Keep(shape.Choices.BestReplica(mask, request.PrefillTp), node, penalty + shape.PrefillFit);
            slots.Decode.Keep(shape.Choices.BestReplica(mask, request.DecodeTp), node, penalty + shape.DecodeFit);
        }

        if (_crossNode)
        {
            _pairing.Offer(sides, top);
        }

        return top;
    }

    public void Apply(PairCandidate chosen) => State.Take(chosen);
}
