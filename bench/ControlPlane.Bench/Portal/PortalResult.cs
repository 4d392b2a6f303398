namespace ControlPlane.Bench.Portal;

/// <summary>One portal run: the median and slowest first screen of the fleet page, and the rows it painted.</summary>
public sealed record PortalResult(int Nodes, double FirstScreenMs, double MaxMs, int RowsPainted)
{
    public bool Passed => FirstScreenMs < 2000;
}
