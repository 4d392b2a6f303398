using ControlPlane.Contracts.Placement;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Nodes;

namespace ControlPlane.Grains.Nodes;

/// <summary>
/// The rules of reserving GPUs on one node: all the replica's GPUs or none; only healthy, free
/// GPUs (or ones the same owner already holds, so a retried reservation is idempotent); never on
/// a cordoned, silent or never-seen node.
/// </summary>
internal static class GpuAllocations
{
    public static string? Refuse(NodeRecord node, GpuReservation request)
    {
        if (node.Report is null)
        {
            return "the node has never reported";
        }

        if (node.Cordon.Cordoned)
        {
            return $"the node is cordoned ({node.Cordon.Reason})";
        }

        if (node.Readiness != Readiness.Ready)
        {
            return $"the node is {node.Readiness}";
        }

        if (request.GpuIndices.Length == 0 || request.GpuIndices.Distinct().Count() != request.GpuIndices.Length)
        {
            return "a reservation names each GPU once and at least one";
        }

        foreach (var index in request.GpuIndices)
        {
            var gpu = node.Report.Gpus.FirstOrDefault(g => g.Index == index);
            if (gpu is null)
            {
                return $"GPU {index} does not exist on the node";
            }

            if (node.Gpus.FirstOrDefault(v => v.Uuid == gpu.Uuid)?.Health.Status != HealthStatus.Healthy)
            {
                return $"GPU {index} is not healthy";
            }

            if (node.Quarantined.FirstOrDefault(q => q.Component == $"gpu:{index}") is { } quarantine)
            {
                return $"GPU {index} is quarantined ({quarantine.Reason})";
            }

            var holder = node.Allocations.FirstOrDefault(a => a.Index == index)?.Owner;
            if (holder is not null && holder != request.Owner)
            {
                return $"GPU {index} is held by {holder}";
            }
        }

        return null;
    }

    public static GpuAllocation[] Reserve(GpuAllocation[] allocations, GpuReservation request, DateTimeOffset now)
    {
        var kept = allocations.Where(a => a.Owner == request.Owner).ToDictionary(a => a.Index);
        return
        [
            .. allocations.Where(a => a.Owner != request.Owner),
            .. request.GpuIndices.Order().Select(i => kept.GetValueOrDefault(i) ?? new GpuAllocation { Index = i, Owner = request.Owner, Generation = request.Generation, Since = now }),
        ];
    }

    /// <summary>What <c>GET /api/v1/nodes/{node}</c> shows as a GPU's holder.</summary>
    public static GpuHolder Holder(GpuAllocation allocation)
    {
        var owner = ReservationOwner.TryParse(allocation.Owner);
        return new GpuHolder
        {
            Owner = allocation.Owner,
            Deployment = owner?.Deployment,
            Pair = owner?.Pair,
            Unit = owner?.Unit,
            Role = owner?.Role,
            Generation = allocation.Generation,
            Since = allocation.Since,
        };
    }

    public static GpuAllocation[] Release(GpuAllocation[] allocations, string owner) =>
        [.. allocations.Where(a => a.Owner != owner)];
}
