using System.Globalization;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Placement;

/// <summary>The node's pool must be the spec's pool, when the spec names one.</summary>
public sealed class PoolFilter : INodeFilter
{
    public string Name => nameof(PoolFilter);
    public FilterScope Scope => FilterScope.Shape;

    public string? Reject(PlacementNode node, PlacementRequest request) =>
        request.Spec.Pool is { Length: > 0 } pool && !string.Equals(pool, node.Pool, StringComparison.Ordinal)
            ? $"{Name}: node is in pool {node.Pool}, spec asks for {pool}"
            : null;
}

/// <summary>The GPUs' compute capability must be one the image's kernels were built for.</summary>
public sealed class GpuComputeCapabilityFilter : INodeFilter
{
    public string Name => nameof(GpuComputeCapabilityFilter);
    public FilterScope Scope => FilterScope.Shape;

    public string? Reject(PlacementNode node, PlacementRequest request)
    {
        var sm = PlacementRequest.Sm(node.ComputeCapability);
        return request.ComputeCapabilities.Contains(sm)
            ? null
            : $"{Name}: {sm} not in image's {{{string.Join(", ", request.ComputeCapabilities.Order(StringComparer.Ordinal))}}}";
    }
}

/// <summary>The node's driver must support the CUDA version the image was built with.</summary>
public sealed class CudaDriverFilter : INodeFilter
{
    public string Name => nameof(CudaDriverFilter);
    public FilterScope Scope => FilterScope.Shape;

    public string? Reject(PlacementNode node, PlacementRequest request) =>
        CudaCompatibility.Incompatibility(node.Driver, node.Cuda, request.Cuda) is { } why ? $"{Name}: {why}" : null;
}

/// <summary>
/// The weights split over a replica's TP group must fit in 90 % of one GPU's memory (the rest is KV
/// cache and activations). Checked with the larger TP of the pair, so a node that can hold at least
/// one replica passes; the smaller replica's fit is the engine's business.
/// </summary>
public sealed class GpuMemoryFilter : INodeFilter
{
    public const double UsableFraction = 0.9;

    public string Name => nameof(GpuMemoryFilter);
    public FilterScope Scope => FilterScope.Shape;

    public string? Reject(PlacementNode node, PlacementRequest request)
    {
        if (request.Model.WeightGiB <= 0 || node.Gpus.Length == 0)
        {
            return null;
        }

        var perGpu = request.Model.WeightGiB / request.LargerTp;
        var memory = node.Gpus.Min(g => g.MemoryMiB) / 1024.0;
        return perGpu <= memory * UsableFraction
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"{Name}: {request.Model.Id} needs {perGpu:F1} GiB of weights per GPU at TP{request.LargerTp}, more than 90 % of {memory:F0} GiB");
    }
}

/// <summary>The node must have at least as many free healthy GPUs as the smaller replica's TP.</summary>
public sealed class FreeGpuFilter : INodeFilter
{
    public string Name => nameof(FreeGpuFilter);
    public FilterScope Scope => FilterScope.Capacity;

    public string? Reject(PlacementNode node, PlacementRequest request) =>
        Reason(GpuSets.Count(IndexedNode.MaskOf(node)), node.Gpus.Length, request);

    internal string? Reason(int free, int total, PlacementRequest request) =>
        free >= request.SmallerTp ? null : $"{Name}: {free} of {total} GPUs free and healthy, a replica needs {request.SmallerTp}";
}
