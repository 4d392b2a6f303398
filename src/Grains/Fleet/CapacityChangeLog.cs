using ControlPlane.Wire.Placement;

namespace ControlPlane.Grains.Fleet;

/// <summary>
/// A pool's placement views ordered by the stamp of their last change: every node sits once in a list kept in stamp
/// order (a change moves it to the tail), so "what changed after <c>since</c>" walks back from the tail and stops at the
/// first older entry. A steady pool answers in O(changes), not O(nodes). Nodes that left stay in the list, marked
/// removed, until they come back.
/// </summary>
internal sealed class CapacityChangeLog
{
    private readonly LinkedList<Entry> _order = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _byNode = new(StringComparer.Ordinal);

    public int Count => _byNode.Count;

    public PlacementNode? Find(string node) => _byNode.GetValueOrDefault(node)?.Value.View;

    public void Upsert(PlacementNode view, long stamp) => Append(view.Node, new Entry(stamp, view.Node, view));

    /// <summary>Marks a node gone (readers holding a copy drop it), whether or not the log held its view.</summary>
    public void MarkRemoved(string node, long stamp) => Append(node, new Entry(stamp, node, View: null));

    /// <summary>Views changed and nodes removed after <paramref name="since"/> (everything when <paramref name="all"/>), oldest first.</summary>
    public (PlacementNode[] Changed, string[] Removed) Since(long since, bool all)
    {
        var changed = new List<PlacementNode>();
        var removed = new List<string>();
        for (var at = _order.Last; at is not null && (all || at.Value.Stamp > since); at = at.Previous)
        {
            if (at.Value.View is { } view)
            {
                changed.Add(view);
            }
            else
            {
                removed.Add(at.Value.Node);
            }
        }

        changed.Reverse();
        removed.Reverse();
        return ([.. changed], [.. removed]);
    }

    private void Append(string node, Entry entry)
    {
        if (_byNode.Remove(node, out var held))
        {
            _order.Remove(held);
        }

        _byNode[node] = _order.AddLast(entry);
    }

    private readonly record struct Entry(long Stamp, string Node, PlacementNode? View);
}
