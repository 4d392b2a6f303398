using ControlPlane.Wire.Health;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Placement;

/// <summary>A node as the capacity index holds it: its placement view, its shape and its free mask.</summary>
internal sealed class IndexedNode(PlacementNode node, NodeShape shape)
{
    public static readonly IComparer<IndexedNode> ByName = Comparer<IndexedNode>.Create((a, b) => string.CompareOrdinal(a.Name, b.Name));

    public string Name => Node.Node;
    public PlacementNode Node { get; set; } = node;
    public NodeShape Shape { get; set; } = shape;

    /// <summary>Bit i set when <c>Node.Gpus[i]</c> is healthy and unallocated.</summary>
    public uint FreeMask { get; set; }

    /// <summary>Reasons from the node-state filters (readiness, health, cordon); empty when schedulable.</summary>
    public string[] StateReasons { get; set; } = [];

    public bool Schedulable => StateReasons.Length == 0;
    public bool Degraded => Node.Health == HealthStatus.Degraded;

    public static uint MaskOf(PlacementNode node)
    {
        uint mask = 0;
        for (var i = 0; i < node.Gpus.Length && i < GpuSets.MaxGpus; i++)
        {
            if (node.Gpus[i].Healthy && node.Gpus[i].AllocatedTo is null)
            {
                mask |= 1u << i;
            }
        }

        return mask;
    }
}
