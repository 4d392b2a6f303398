using ControlPlane.Wire.Placement;

namespace ControlPlane.Placement;

/// <summary>
/// The fleet as placement reads it, built once from <see cref="PlacementNode"/>s and kept current by
/// <see cref="Upsert"/> whenever a node's <see cref="PlacementNode.Version"/> changes. Nodes are grouped
/// by <see cref="NodeShape"/> (identical hardware, links, NICs, versions, pool) and, inside a shape,
/// bucketed by free GPU mask, so a plan looks at (shapes × distinct masks) buckets, not at every node.
/// </summary>
/// <remarks>Not thread-safe: one owner (the fleet grain's activation) reads and writes it.</remarks>
public sealed class CapacityIndex
{
    private readonly Dictionary<string, IndexedNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeShape> _shapes = new(StringComparer.Ordinal);
    private readonly PlacementProfile _profile;

    /// <summary>An index whose nodes pass the default node-state filters (readiness, health, cordon).</summary>
    public CapacityIndex(IEnumerable<PlacementNode>? nodes = null)
        : this(nodes, PlacementProfile.Default)
    {
    }

    /// <summary>An index that runs <paramref name="profile"/>'s node-state filters on every node update.</summary>
    internal CapacityIndex(IEnumerable<PlacementNode>? nodes, PlacementProfile profile)
    {
        _profile = profile;
        foreach (var node in nodes ?? [])
        {
            Upsert(node);
        }
    }

    public int Count => _nodes.Count;

    internal IReadOnlyCollection<NodeShape> Shapes => _shapes.Values;

    public IEnumerable<PlacementNode> Nodes => _nodes.Values.Select(n => n.Node);

    /// <summary>GPUs of the largest node, for <see cref="DeploymentSpecValidator.Validate"/>.</summary>
    public int LargestNodeGpus => _shapes.Values.Select(s => s.GpuCount).DefaultIfEmpty(0).Max();

    public PlacementNode? Find(string node) => _nodes.GetValueOrDefault(node)?.Node;

    internal IndexedNode? Indexed(string node) => _nodes.GetValueOrDefault(node);

    internal IEnumerable<IndexedNode> IndexedNodes => _nodes.Values;

    /// <summary>Adds or replaces a node. A copy older than the one held (lower Version) is ignored: returns false.</summary>
    public bool Upsert(PlacementNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.Gpus.Length > GpuSets.MaxGpus)
        {
            throw new ArgumentException($"{node.Node}: placement supports at most {GpuSets.MaxGpus} GPUs per node", nameof(node));
        }

        if (_nodes.TryGetValue(node.Node, out var held))
        {
            if (node.Version < held.Node.Version)
            {
                return false;
            }

            Detach(held);
            held.Node = node;
            held.Shape = ShapeFor(node, held.Shape);
        }
        else
        {
            held = new IndexedNode(node, ShapeFor(node, null));
            _nodes[node.Node] = held;
        }

        Attach(held);
        return true;
    }

    public bool Remove(string node)
    {
        if (!_nodes.Remove(node, out var held))
        {
            return false;
        }

        Detach(held);
        return true;
    }

    /// <summary>Marks a replica's GPUs as held by <paramref name="owner"/> (what the node grain's reservation does), bumping the version.</summary>
    public void Allocate(ReplicaPlacement replica, string owner)
    {
        ArgumentNullException.ThrowIfNull(replica);
        var held = _nodes.GetValueOrDefault(replica.Node) ?? throw new ArgumentException($"unknown node {replica.Node}", nameof(replica));
        var indices = replica.GpuIndices.ToHashSet();
        if (held.Node.Gpus.Any(g => indices.Contains(g.Index) && g.AllocatedTo is not null && g.AllocatedTo != owner))
        {
            throw new InvalidOperationException($"{replica.Node}: GPUs {string.Join(',', replica.GpuIndices)} are already allocated");
        }

        SetGpus(held, [.. held.Node.Gpus.Select(g => indices.Contains(g.Index) ? g with { AllocatedTo = owner } : g)]);
    }

    /// <summary>Allocates both replicas as <c>{owner}/prefill</c> and <c>{owner}/decode</c>.</summary>
    public void Allocate(PairPlacement pair, string owner)
    {
        ArgumentNullException.ThrowIfNull(pair);
        Allocate(pair.Prefill, owner + "/prefill");
        Allocate(pair.Decode, owner + "/decode");
    }

    /// <summary>Frees every GPU of <paramref name="node"/> held by an owner starting with <paramref name="ownerPrefix"/>.</summary>
    public void Release(string node, string ownerPrefix)
    {
        if (_nodes.GetValueOrDefault(node) is { } held)
        {
            SetGpus(held, [.. held.Node.Gpus.Select(g => g.AllocatedTo?.StartsWith(ownerPrefix, StringComparison.Ordinal) == true ? g with { AllocatedTo = null } : g)]);
        }
    }

    private void SetGpus(IndexedNode held, PlacementGpu[] gpus)
    {
        Detach(held);
        held.Node = held.Node with { Gpus = gpus, Version = held.Node.Version + 1 };
        Attach(held);
    }

    private NodeShape ShapeFor(PlacementNode node, NodeShape? previous)
    {
        var key = ShapeKey.Of(node);
        if (previous?.Key == key)
        {
            _shapes.TryAdd(key, previous);
            return previous;
        }

        if (!_shapes.TryGetValue(key, out var shape))
        {
            _shapes[key] = shape = new NodeShape(key, node);
        }

        return shape;
    }

    private void Attach(IndexedNode held)
    {
        held.FreeMask = IndexedNode.MaskOf(held.Node);
        held.StateReasons = _profile.NodeStateReasons(held.Node);
        var shape = held.Shape;
        _shapes.TryAdd(shape.Key, shape);
        shape.NodeCount++;
        if (!held.Schedulable)
        {
            shape.Unschedulable.Add(held);
            return;
        }

        if (!shape.Buckets.TryGetValue(held.FreeMask, out var bucket))
        {
            shape.Buckets[held.FreeMask] = bucket = new SortedSet<IndexedNode>(IndexedNode.ByName);
        }

        bucket.Add(held);
    }

    private void Detach(IndexedNode held)
    {
        var shape = held.Shape;
        shape.NodeCount--;
        if (!held.Schedulable)
        {
            shape.Unschedulable.Remove(held);
        }
        else if (shape.Buckets.TryGetValue(held.FreeMask, out var bucket))
        {
            bucket.Remove(held);
            if (bucket.Count == 0)
            {
                shape.Buckets.Remove(held.FreeMask);
            }
        }

        if (shape.NodeCount == 0)
        {
            _shapes.Remove(shape.Key);
        }
    }
}
