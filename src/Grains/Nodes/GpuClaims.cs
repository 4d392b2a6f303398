using ControlPlane.Contracts.Gpus;
using ControlPlane.Wire.Gpus;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Grains.Nodes;

/// <summary>
/// Before a report is stored, each GPU UUID new to the node asks its GPU grain whether the node may
/// have it. A report naming only the GPUs the node already has asks nothing: a steady node still
/// costs one grain call per report.
/// </summary>
internal static class GpuClaims
{
    private static readonly Task<GpuConflict[]> None = Task.FromResult<GpuConflict[]>([]);

    /// <summary>The GPUs of <paramref name="report"/> that another node still reports; empty when the report may be stored.</summary>
    public static Task<GpuConflict[]> RefusedAsync(IGrainFactory grains, string node, ProbeReport? previous, ProbeReport report)
    {
        List<Task<GpuConflict?>>? claims = null;
        foreach (var gpu in report.Gpus)
        {
            if (!Knows(previous, gpu.Uuid))
            {
                (claims ??= []).Add(ClaimAsync(grains, node, gpu.Uuid));
            }
        }

        return claims is null ? None : CollectAsync(claims);
    }

    private static bool Knows(ProbeReport? previous, string uuid)
    {
        if (previous is null)
        {
            return false;
        }

        foreach (var gpu in previous.Gpus)
        {
            if (gpu.Uuid == uuid)
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<GpuConflict?> ClaimAsync(IGrainFactory grains, string node, string uuid)
    {
        var answer = await grains.Grain<IGpuGrain>(uuid).ClaimAsync(node);
        return answer.IsGranted
            ? null
            : new GpuConflict { Uuid = uuid, Owner = answer.Owner!, OwnerLastSeen = answer.OwnerLastSeen, MovableAt = answer.MovableAt };
    }

    private static async Task<GpuConflict[]> CollectAsync(List<Task<GpuConflict?>> claims) =>
        [.. (await Task.WhenAll(claims)).OfType<GpuConflict>()];
}
