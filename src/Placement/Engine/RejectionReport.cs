using ControlPlane.Wire.Placement;

namespace ControlPlane.Placement;

/// <summary>
/// The plan's "why not node X?" answers. Nodes with identical reasons are grouped and a few examples
/// per distinct reason are listed (the rest share the answer); pinned nodes are always listed. Nodes the
/// plan used are never listed.
/// </summary>
internal static class RejectionReport
{
    public const string NoPartner = "PairFilter: can host a replica, but no node or GPUs left for the other replica within the policy";

    public static NodeRejection[] Build(PlanRun run, bool complete, int examples)
    {
        var request = run.Request;
        var pinned = request.Pinned;
        var listed = new List<NodeRejection>();
        var groups = new Dictionary<string, ReasonGroup>(StringComparer.Ordinal);

        void Add(IndexedNode node, string[] reasons)
        {
            if (reasons.Length == 0 || run.State.UsedNodes.Contains(node.Name))
            {
                return;
            }

            if (pinned?.Contains(node.Name) == true)
            {
                listed.Add(new NodeRejection { Node = node.Name, Reasons = reasons });
                return;
            }

            var key = string.Join('\n', reasons);
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = new ReasonGroup(reasons);
            }

            if (group.Nodes.Count < examples)
            {
                group.Nodes.Add(node.Name);
            }
        }

        if (pinned is not null)
        {
            foreach (var name in pinned.Order(StringComparer.Ordinal))
            {
                if (run.Capacity.Indexed(name) is not { } node)
                {
                    listed.Add(new NodeRejection { Node = name, Reasons = ["PinnedNodeFilter: node is not in the fleet index (never reported, or removed)"] });
                    continue;
                }

                Add(node, Reasons(run, node, complete));
                if (!run.State.UsedNodes.Contains(name) && listed.All(r => r.Node != name))
                {
                    listed.Add(new NodeRejection { Node = name, Reasons = ["eligible, not needed: the plan's pairs went elsewhere"] });
                }
            }

            var others = run.Capacity.IndexedNodes.Where(n => !pinned.Contains(n.Name)).Take(examples).ToArray();
            if (others.Length > 0)
            {
                groups["pinned"] = new ReasonGroup(["PinnedNodesFilter: not in spec.nodes"], [.. others.Select(n => n.Name)]);
            }
        }
        else
        {
            foreach (var shapeRun in run.Shapes)
            {
                var shape = shapeRun.Shape;
                var shapeReasons = shapeRun.Reasons;
                if (shapeReasons.Length > 0)
                {
                    foreach (var node in shape.Unschedulable.Concat(shape.Buckets.Values.SelectMany(b => b)).Take(examples))
                    {
                        Add(node, shapeReasons);
                    }

                    continue;
                }

                foreach (var node in shape.Unschedulable)
                {
                    Add(node, node.StateReasons);
                }

                foreach (var (mask, bucket) in shape.Buckets)
                {
                    var reasons = BucketReasons(shapeRun, mask, complete);
                    if (reasons.Length == 0)
                    {
                        continue;
                    }

                    var taken = 0;
                    foreach (var node in bucket)
                    {
                        if (taken++ >= examples + run.State.UsedNodes.Count)
                        {
                            break;
                        }

                        Add(node, reasons);
                    }
                }
            }
        }

        return [.. listed, .. groups.Values.SelectMany(g => g.Nodes.Select(n => new NodeRejection { Node = n, Reasons = g.Reasons }))];
    }

    private static string[] Reasons(PlanRun run, IndexedNode node, bool complete)
    {
        var shape = run.For(node.Shape);
        string[] reasons = [.. node.StateReasons, .. shape.Reasons];
        return reasons.Length > 0 ? reasons : BucketReasons(shape, node.FreeMask, complete);
    }

    private static string[] BucketReasons(ShapeRun shape, uint mask, bool complete)
    {
        if (shape.CapacityReasons(mask) is { Length: > 0 } capacity)
        {
            return capacity;
        }

        var reasons = new List<string>();
        if (shape.BucketReasons.TryGetValue(mask, out var noted))
        {
            reasons.AddRange(noted);
        }

        if (!complete)
        {
            reasons.AddRange(shape.PairReasons.Order(StringComparer.Ordinal));
        }

        if (!complete && reasons.Count == 0)
        {
            reasons.Add(NoPartner);
        }

        return [.. reasons];
    }

    /// <summary>Nodes that share one list of reasons: a few examples stand for all of them.</summary>
    private sealed record ReasonGroup(string[] Reasons, List<string> Nodes)
    {
        public ReasonGroup(string[] reasons)
            : this(reasons, [])
        {
        }
    }
}
