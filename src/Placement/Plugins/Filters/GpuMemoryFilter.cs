using System.Globalization;

namespace ControlPlane.Placement;

/// <summary>
/// The weights split over a replica's TP group must fit in 90 % of one GPU's memory (the rest is KV
/// cache and activations). Checked with the larger TP of the pair, so a node that can hold at least
/// one replica passes; the smaller replica's fit is the engine's business.
/// </summary>
internal sealed class GpuMemoryFilter : IShapeFilter
{
    public const double UsableFraction = 0.9;

    public string Name => nameof(GpuMemoryFilter);

    public string? Reject(NodeShape shape, PlacementRequest request)
    {
        if (request.Model.WeightGiB <= 0 || shape.GpuCount == 0)
        {
            return null;
        }

        var perGpu = request.Model.WeightGiB / request.LargerTp;
        var memory = shape.MinGpuMemoryGiB;
        return perGpu <= memory * UsableFraction
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"{Name}: {request.Model.Id} needs {perGpu:F1} GiB of weights per GPU at TP{request.LargerTp}, more than 90 % of {memory:F0} GiB");
    }
}
