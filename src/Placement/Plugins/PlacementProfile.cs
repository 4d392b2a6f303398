using ControlPlane.Wire.Placement;

namespace ControlPlane.Placement;

/// <summary>
/// A plugin list sorted by extension point, and the sums the engine takes over each. The engine and the
/// capacity index run a profile; they know no plugin by name.
/// </summary>
internal sealed class PlacementProfile
{
    private readonly INodeStateFilter[] _nodeStateFilters;
    private readonly IShapeFilter[] _shapeFilters;
    private readonly ICapacityFilter[] _capacityFilters;
    private readonly IKvPathFilter[] _kvPathFilters;
    private readonly IKvPathScore[] _kvPathScores;
    private readonly IGpuGroupScore[] _groupScores;
    private readonly IGpuTakeScore[] _takeScores;
    private readonly INicScore[] _nicScores;
    private readonly IShapeScore[] _shapeScores;
    private readonly INodeScore[] _nodeScores;
    private readonly INicPairScore[] _nicPairScores;

    public PlacementProfile(IReadOnlyList<IPlacementPlugin> plugins)
    {
        ArgumentNullException.ThrowIfNull(plugins);
        Plugins = plugins;
        _nodeStateFilters = [.. plugins.OfType<INodeStateFilter>()];
        _shapeFilters = [.. plugins.OfType<IShapeFilter>()];
        _capacityFilters = [.. plugins.OfType<ICapacityFilter>()];
        PairFilters = [.. plugins.OfType<IPairFilter>()];
        _kvPathFilters = [.. plugins.OfType<IKvPathFilter>()];
        _kvPathScores = [.. plugins.OfType<IKvPathScore>()];
        _groupScores = [.. plugins.OfType<IGpuGroupScore>()];
        _takeScores = [.. plugins.OfType<IGpuTakeScore>()];
        _nicScores = [.. plugins.OfType<INicScore>()];
        _shapeScores = [.. plugins.OfType<IShapeScore>()];
        _nodeScores = [.. plugins.OfType<INodeScore>()];
        _nicPairScores = [.. plugins.OfType<INicPairScore>()];
    }

    public static PlacementProfile Default { get; } = new(PlacementPlugins.Default);

    public IReadOnlyList<IPlacementPlugin> Plugins { get; }

    public IReadOnlyList<IPairFilter> PairFilters { get; }

    public string[] NodeStateReasons(PlacementNode node)
    {
        string[] reasons = [];
        foreach (var filter in _nodeStateFilters)
        {
            Add(ref reasons, filter.Reject(node));
        }

        return reasons;
    }

    public string[] ShapeReasons(NodeShape shape, PlacementRequest request)
    {
        string[] reasons = [];
        foreach (var filter in _shapeFilters)
        {
            Add(ref reasons, filter.Reject(shape, request));
        }

        return reasons;
    }

    /// <summary>Runs once per (shape, free mask) and plan, for every bucket: no allocation when nothing rejects.</summary>
    public string[] CapacityReasons(NodeShape shape, uint freeMask, PlacementRequest request)
    {
        string[] reasons = [];
        foreach (var filter in _capacityFilters)
        {
            Add(ref reasons, filter.Reject(shape, freeMask, request));
        }

        return reasons;
    }

    /// <summary>The first KV path filter's reason to refuse this tier over this wire; null when all accept it.</summary>
    public string? KvPathRefusal(PlacementRequest request, int rank, string wire)
    {
        foreach (var filter in _kvPathFilters)
        {
            if (filter.Reject(request, rank, wire) is { } reason)
            {
                return reason;
            }
        }

        return null;
    }

    public double KvPathScore(int rank, double gbps)
    {
        var score = 0.0;
        foreach (var plugin in _kvPathScores)
        {
            score += plugin.Score(rank, gbps);
        }

        return score;
    }

    public double GroupScore(NodeShape shape, uint group)
    {
        var score = 0.0;
        foreach (var plugin in _groupScores)
        {
            score += plugin.Score(shape, group);
        }

        return score;
    }

    public double TakeScore(NodeShape shape, uint free, uint taken)
    {
        var score = 0.0;
        foreach (var plugin in _takeScores)
        {
            score += plugin.Score(shape, free, taken);
        }

        return score;
    }

    public double NicScore(NodeShape shape, int nic, int nicRank)
    {
        var score = 0.0;
        foreach (var plugin in _nicScores)
        {
            score += plugin.Score(shape, nic, nicRank);
        }

        return score;
    }

    public double ShapeScore(NodeShape shape, PlacementRequest request, int tp)
    {
        var score = 0.0;
        foreach (var plugin in _shapeScores)
        {
            score += plugin.Score(shape, request, tp);
        }

        return score;
    }

    public double NodeScore(IndexedNode node, PlanState plan)
    {
        var score = 0.0;
        foreach (var plugin in _nodeScores)
        {
            score += plugin.Score(node, plan);
        }

        return score;
    }

    public double NicPairScore(PlacementNic prefill, PlacementNic decode, PlanState plan)
    {
        var score = 0.0;
        foreach (var plugin in _nicPairScores)
        {
            score += plugin.Score(prefill, decode, plan);
        }

        return score;
    }

    private static void Add(ref string[] reasons, string? reason)
    {
        if (reason is not null)
        {
            reasons = [.. reasons, reason];
        }
    }
}
