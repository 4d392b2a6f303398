namespace ControlPlane.Placement;

/// <summary>
/// −<c>weight</c> per GiB of GPU memory a replica leaves unused beyond its share of the weights: big-memory GPUs
/// stay free for the replicas that need them. No effect when the model's weight size is unknown.
/// </summary>
internal sealed class MemoryBestFitScore(double perGiB) : IShapeScore
{
    public static readonly ScoreWeight PerGiB = new("MemorySlackPerGiB", 100, 1e6, "Per GiB of GPU memory a replica leaves unused beyond its share of the weights (best fit on memory).");

    public IReadOnlyList<ScoreWeight> Weights => [PerGiB];

    public string Name => nameof(MemoryBestFitScore);

    public double Score(NodeShape shape, PlacementRequest request, int tp) =>
        request.Model.WeightGiB <= 0 ? 0 : -(perGiB * Math.Max(0, shape.MinGpuMemoryGiB - (request.Model.WeightGiB / tp)));
}
