namespace ControlPlane.Placement;

/// <summary>
/// One shape within one plan: its shape-filter reasons, the memory fit of each replica, its capacity-filter
/// reasons per free mask, and the reasons its nodes were passed over (for the rejections).
/// </summary>
internal sealed class ShapeRun
{
    private readonly PlacementProfile _profile;
    private readonly PlacementRequest _request;
    private const int MaxGpusForMaskArray = 8;
    private string[]?[]? _capacityByMask;
    private Dictionary<uint, string[]>? _capacityReasons;

    public ShapeRun(NodeShape shape, PlacementProfile profile, PlacementRequest request)
    {
        Shape = shape;
        _profile = profile;
        _request = request;
        Choices = shape.ChoicesFor(profile);
        Reasons = profile.ShapeReasons(shape, request);
        PrefillFit = -profile.ShapeScore(shape, request, request.PrefillTp);
        DecodeFit = -profile.ShapeScore(shape, request, request.DecodeTp);
    }

    public NodeShape Shape { get; }
    public ShapeChoices Choices { get; }

    /// <summary>Shape-filter reasons: empty when the shape may host a replica.</summary>
    public string[] Reasons { get; }

    public bool Eligible => Reasons.Length == 0;

    /// <summary>What the shape-level scores take off a prefill replica here (memory best fit), as a positive penalty.</summary>
    public double PrefillFit { get; }

    /// <summary>As <see cref="PrefillFit"/>, for a decode replica.</summary>
    public double DecodeFit { get; }

    /// <summary>Per original free mask: reasons a node there was passed over (policy, pair filters).</summary>
    public Dictionary<uint, HashSet<string>> BucketReasons { get; } = [];

    /// <summary>Pair-level reasons (NCCL mismatch, no RDMA NIC) seen when pairing this shape across nodes.</summary>
    public HashSet<string> PairReasons { get; } = new(StringComparer.Ordinal);

    /// <summary>Capacity-filter reasons for a node of this shape with <paramref name="freeMask"/> free, once per mask.</summary>
    /// <remarks>Asked for every bucket of every plan step, so small shapes index an array by mask instead of hashing.</remarks>
    public string[] CapacityReasons(uint freeMask)
    {
        if (Shape.GpuCount <= MaxGpusForMaskArray)
        {
            _capacityByMask ??= new string[]?[1 << Shape.GpuCount];
            return _capacityByMask[freeMask] ??= _profile.CapacityReasons(Shape, freeMask, _request);
        }

        _capacityReasons ??= new Dictionary<uint, string[]>(Shape.Buckets.Count);
        if (!_capacityReasons.TryGetValue(freeMask, out var reasons))
        {
            _capacityReasons[freeMask] = reasons = _profile.CapacityReasons(Shape, freeMask, _request);
        }

        return reasons;
    }

    public bool Admits(uint freeMask) => Eligible && CapacityReasons(freeMask).Length == 0;

    public void Note(uint originalMask, string reason)
    {
        if (!BucketReasons.TryGetValue(originalMask, out var set))
        {
            BucketReasons[originalMask] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        set.Add(reason);
    }
}
