namespace ControlPlane.Placement;

/// <summary>The node must have at least as many free healthy GPUs as the smaller replica's TP.</summary>
internal sealed class FreeGpuFilter : ICapacityFilter
{
    public string Name => nameof(FreeGpuFilter);

    public string? Reject(NodeShape shape, uint freeMask, PlacementRequest request)
    {
        var free = GpuSets.Count(freeMask);
        return free >= request.SmallerTp ? null : $"{Name}: {free} of {shape.GpuCount} GPUs free and healthy, a replica needs {request.SmallerTp}";
    }
}
