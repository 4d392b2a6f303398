namespace ControlPlane.Placement;

/// <summary>The GPUs' compute capability must be one the image's kernels were built for.</summary>
internal sealed class GpuComputeCapabilityFilter : IShapeFilter
{
    public string Name => nameof(GpuComputeCapabilityFilter);

    public string? Reject(NodeShape shape, PlacementRequest request)
    {
        if (shape.GpuCount == 0)
        {
            return null; // GpusReportedFilter refuses it for that reason.
        }

        var sm = PlacementRequest.Sm(shape.Representative.ComputeCapability);
        return request.ComputeCapabilities.Contains(sm)
            ? null
            : $"{Name}: {sm} not in image's {{{string.Join(", ", request.ComputeCapabilities.Order(StringComparer.Ordinal))}}}";
    }
}
