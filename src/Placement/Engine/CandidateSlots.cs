namespace ControlPlane.Placement;

/// <summary>A node a plan step considers: its shape in this plan, its plan-local free mask, and the mask its bucket is keyed by.</summary>
internal readonly record struct CandidateSlot(ShapeRun Shape, uint Mask, uint OriginalMask, IndexedNode Node);

/// <summary>
/// The nodes one plan step visits: up to two per (shape, free mask) bucket, nodes in failure domains the
/// plan has not used first, then the plan's own nodes with what they have left. All nodes of a bucket are
/// interchangeable except for name order and spread, so visiting more would find nothing better.
/// </summary>
internal static class CandidateSlots
{
    public static IEnumerable<CandidateSlot> Of(PlanRun run)
    {
        var state = run.State;
        if (run.Request.Pinned is { } pinned)
        {
            foreach (var name in pinned)
            {
                if (run.Capacity.Indexed(name) is { Schedulable: true } node && run.For(node.Shape) is var shape && shape.Admits(state.MaskOf(node)))
                {
                    yield return new CandidateSlot(shape, state.MaskOf(node), node.FreeMask, node);
                }
            }

            yield break;
        }

        var fallback = new IndexedNode?[2];
        foreach (var shape in run.Shapes)
        {
            if (!shape.Eligible)
            {
                continue;
            }

            foreach (var (mask, bucket) in shape.Shape.Buckets)
            {
                if (!shape.Admits(mask))
                {
                    continue;
                }

                var taken = 0;
                var spare = 0;
                foreach (var node in bucket)
                {
                    if (state.Overlay.ContainsKey(node))
                    {
                        continue;
                    }

                    if (state.AnyDomainTaken && state.DomainTaken(node))
                    {
                        if (spare < 2)
                        {
                            fallback[spare++] = node;
                        }

                        continue;
                    }

                    yield return new CandidateSlot(shape, mask, mask, node);
                    if (++taken == 2)
                    {
                        break;
                    }
                }

                for (var i = 0; i < spare && taken < 2; i++, taken++)
                {
                    yield return new CandidateSlot(shape, mask, mask, fallback[i]!);
                }
            }
        }

        foreach (var (node, mask) in state.Overlay)
        {
            var shape = run.For(node.Shape);
            if (shape.Admits(mask))
            {
                yield return new CandidateSlot(shape, mask, node.FreeMask, node);
            }
        }
    }
}
