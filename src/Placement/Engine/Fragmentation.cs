namespace ControlPlane.Placement;

/// <summary>
/// How much room for big TP groups a fleet has left: the number of free NVLink groups of exactly
/// <c>tp</c> GPUs (aligned, all-NV#, one NUMA node where the node has NUMA nodes that large — see
/// <see cref="NodeShape"/>), summed over schedulable nodes. Groups are disjoint, so the figure is how many
/// more TP-<c>tp</c> replicas could still get an NVLink group.
/// </summary>
internal static class Fragmentation
{
    public static int FreeNvLinkGroups(CapacityIndex capacity, int tp)
    {
        ArgumentNullException.ThrowIfNull(capacity);
        var total = 0;
        foreach (var shape in capacity.Shapes)
        {
            foreach (var (mask, bucket) in shape.Buckets)
            {
                total += shape.FreeNvLinkGroups(mask, tp) * bucket.Count;
            }
        }

        return total;
    }
}
