namespace ControlPlane.Placement;

/// <summary>A replica's TP group: <c>nvLink</c> when every pair of its GPUs is NV# (one NVLink island), <c>numa</c> when it sits on one NUMA node.</summary>
internal sealed class TpLocalityScore(double nvLink, double numa) : IGpuGroupScore
{
    public static readonly ScoreWeight InsideNvLink = new("TpInsideNvLink", 300, 1e6, "Per replica whose TP group is all NV#.");

    public static readonly ScoreWeight InsideNuma = new("TpInsideNuma", 100, 1e6, "Per replica whose TP group is on one NUMA node.");

    public IReadOnlyList<ScoreWeight> Weights => [InsideNvLink, InsideNuma];

    public string Name => nameof(TpLocalityScore);

    public double Score(NodeShape shape, uint group)
    {
        var locality = shape.LocalityOf(group);
        return (locality.AllNvLink ? nvLink : 0) + (locality.OneNuma ? numa : 0);
    }
}
