namespace ControlPlane.Placement;

/// <summary>
/// −<c>weight</c> per unit of free NVLink group value (Σ s², see <see cref="NodeShape"/>) a choice destroys: keeps
/// big islands whole and packs small replicas onto already-broken ones (best fit).
/// </summary>
internal sealed class FragmentationScore(double perUnit) : IGpuTakeScore
{
    public static readonly ScoreWeight PerUnit = new("FragmentationPerUnit", 2, 1e6, "Per unit of free NVLink group value (sum of s squared, see NodeShape) a choice destroys.");

    public IReadOnlyList<ScoreWeight> Weights => [PerUnit];

    public string Name => nameof(FragmentationScore);

    public double Score(NodeShape shape, uint free, uint taken) =>
        -(perUnit * (shape.FreeBlockValue(free) - shape.FreeBlockValue(free & ~taken)));
}
