using ControlPlane.Contracts.Gpus;
using ControlPlane.Wire.Gpus;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Grains.Nodes;

/// <summary>
/// Before a report is stored, each GPU UUID new to the node asks its GPU grain whether the node may have it, and is
/// observed by it in the same call when granted. A report naming only the GPUs the node already has asks nothing: a
/// steady node still costs one grain call per report.
/// </summary>
internal static class GpuClaims
{
    private static readonly Task<GpuConflict[]> None = Task.FromResult<GpuConflict[]>([]);

    /// <summary>The GPUs of <paramref name="report"/> that another node still reports; empty when the report may be stored.</summary>
    public static Task<GpuConflict[]> RefusedAsync(IGrainFactory grains, string node, ProbeReport? previous, ProbeReport report, GpuVerdict[] verdicts, DateTimeOffset now)
    {
        List<Task<GpuConflict?>>? claims = null;
        for (var i = 0; i < report.Gpus.Length; i++)
        {
            var gpu = report.Gpus[i];
            if (!Knows(previous, gpu.Uuid))
            {
                var observation = new GpuObservation { Node = node, Index = gpu.Index, Model = gpu.Model, PciBusId = gpu.PciBusId, Health = verdicts[i].Health, At = now };
                (claims ??= []).Add(ClaimAsync(grains, gpu.Uuid, observation));
            }
        }

        return claims is null ? None : CollectAsync(claims);
    }

    private static bool Knows(ProbeReport? previous, string uuid) => previous is not null && ReportFacts.GpuByUuid(previous.Gpus, uuid) is not null;

    private static async Task<GpuConflict?> ClaimAsync(IGrainFactory grains, string uuid, GpuObservation observation)
    {
        var answer = await grains.Grain<IGpuGrain>(uuid).ClaimAndObserveAsync(observation);
        return answer.IsGranted
            ? null
            : new GpuConflict { Uuid = uuid, Owner = answer.Owner!, OwnerLastSeen = answer.OwnerLastSeen, MovableAt = answer.MovableAt };
    }

    private static async Task<GpuConflict[]> CollectAsync(List<Task<GpuConflict?>> claims) =>
        [.. (await Task.WhenAll(claims)).OfType<GpuConflict>()];
}
