using ControlPlane.Placement;
using ControlPlane.Wire.Deployments;

namespace ControlPlane.Bench.Place.Baselines;

/// <summary>What the baselines share: nodes by name, and which may take a replica at all (same filters as the engine, none of its topology).</summary>
internal sealed class BaselineNodes
{
    private IndexedNode[] _byName = [];
    private int _count = -1;

    public IndexedNode[] ByName(CapacityIndex capacity)
    {
        if (_count != capacity.Count)
        {
            _byName = [.. capacity.IndexedNodes.Order(IndexedNode.ByName)];
            _count = capacity.Count;
        }

        return _byName;
    }

    public static Func<IndexedNode, int, bool> Admits(CapacityIndex capacity, PlacementRequest request)
    {
        var eligible = capacity.Shapes.ToDictionary(s => s, s => PlacementProfile.Default.ShapeReasons(s, request).Length == 0);
        return (node, tp) => node.Schedulable && eligible[node.Shape] && GpuSets.Count(node.FreeMask) >= tp;
    }

    public static PlacementRequest Request(DeploymentSpec spec, ModelSpec model) => new(spec, model);
}
