using ControlPlane.Wire.Placement;

namespace ControlPlane.Placement;

/// <summary>
/// The plan's "why not node X?" answers. Nodes with identical reasons are grouped and a few examples
/// per distinct reason are listed (the rest share the answer: <see cref="PlacementEngine.Explain"/>
/// answers for any one node); pinned nodes are always listed. Nodes the plan used are never listed.
/// </summary>
internal static class RejectionReport
{
    public const string NoPartner = "PairFilter: can host a replica, but no node or GPUs left for the other replica within the policy";

    public static NodeRejection[] Build(PlanRun run, bool complete, int examples)
    {
        var request = run.Request;
        var pinned = request.Pinned;
        var listed = new List<NodeRejection>();
        var groups = new Dictionary<string, (string[] Reasons, List<string> Nodes)>(StringComparer.Ordinal);
        var free = new FreeGpuFilter();

        void Add(IndexedNode node, string[] reasons)
        {
            if (reasons.Length == 0 || run.UsedNodes.Contains(node.Name))
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
                groups[key] = group = (reasons, []);
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

                Add(node, Reasons(run, node, complete, free));
                if (!run.UsedNodes.Contains(name) && listed.All(r => r.Node != name))
                {
                    listed.Add(new NodeRejection { Node = name, Reasons = ["eligible, not needed: the plan's pairs went elsewhere"] });
                }
            }

            var others = run.Capacity.IndexedNodes.Where(n => !pinned.Contains(n.Name)).Take(examples).ToArray();
            if (others.Length > 0)
            {
                groups["pinned"] = (["PinnedNodesFilter: not in spec.nodes"], [.. others.Select(n => n.Name)]);
            }
        }
        else
        {
            foreach (var shape in run.Capacity.Shapes)
            {
                var shapeReasons = run.ShapeReasons[shape];
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
                    var reasons = BucketReasons(run, shape, mask, complete, free);
                    if (reasons.Length == 0)
                    {
                        continue;
                    }

                    var taken = 0;
                    foreach (var node in bucket)
                    {
                        if (taken++ >= examples + run.UsedNodes.Count)
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

    private static string[] Reasons(PlanRun run, IndexedNode node, bool complete, FreeGpuFilter free)
    {
        string[] reasons = [.. node.StateReasons, .. run.ShapeReasons.GetValueOrDefault(node.Shape) ?? []];
        return reasons.Length > 0 ? reasons : BucketReasons(run, node.Shape, node.FreeMask, complete, free);
    }

    private static string[] BucketReasons(PlanRun run, NodeShape shape, uint mask, bool complete, FreeGpuFilter free)
    {
        if (free.Reason(GpuSets.Count(mask), shape.GpuCount, run.Request) is { } capacity)
        {
            return [capacity];
        }

        var reasons = new List<string>();
        if (run.BucketReasons.TryGetValue((shape, mask), out var noted))
        {
            reasons.AddRange(noted);
        }

        if (!complete && run.ShapePairReasons.TryGetValue(shape, out var pair))
        {
            reasons.AddRange(pair.Order(StringComparer.Ordinal));
        }

        if (!complete && reasons.Count == 0)
        {
            reasons.Add(NoPartner);
        }

        return [.. reasons];
    }
}
