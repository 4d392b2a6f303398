namespace ControlPlane.Placement;

/// <summary>The node's driver must support the CUDA version the image was built with.</summary>
internal sealed class CudaDriverFilter : IShapeFilter
{
    public string Name => nameof(CudaDriverFilter);

    public string? Reject(NodeShape shape, PlacementRequest request) =>
        shape.GpuCount > 0 // a node without GPUs is GpusReportedFilter's to refuse
        && CudaCompatibility.Incompatibility(shape.Representative.Driver, shape.Representative.Cuda, request.Cuda) is { } why ? $"{Name}: {why}" : null;
}
