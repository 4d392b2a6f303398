namespace ControlPlane.Placement;

/// <summary>
/// A node whose agent reported no GPUs (no driver, a GPU-less host) can hold no replica. The filters that
/// judge GPUs (compute capability, driver, memory) leave such a node to this one, so its rejection says
/// what is wrong instead of "sm_ not in image's …".
/// </summary>
internal sealed class GpusReportedFilter : IShapeFilter
{
    public string Name => nameof(GpusReportedFilter);

    public string? Reject(NodeShape shape, PlacementRequest request) =>
        shape.GpuCount == 0 ? $"{Name}: no GPUs reported" : null;
}
