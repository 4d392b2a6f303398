namespace ControlPlane.Bench.All;

/// <summary>The sizes one <c>all</c> run uses: the full ones of the issue, or small ones for a first check (<c>--quick</c>).</summary>
public sealed record AllSizes(
    string Name,
    int[] FleetSizes,
    int IngestRounds,
    int PlaceNodes,
    int E2eOperations,
    int ColdStartNodes,
    int ColdStartDeployments,
    int ColdStartJitterSeconds,
    int FailoverNodes,
    int FailoverIncidents,
    int PortalNodes,
    int PortalRounds,
    int PortalIntervalSeconds,
    int ScaleOutNodes,
    int ScaleOutOperations,
    int MemoryNodes,
    int MemoryDeployments)
{
    public static readonly AllSizes Full = new("full", [1000, 3000, 10_000], 3, 10_000, 3000, 10_000, 2000, 10, 10_000, 1000, 10_000, 5, 30, 3000, 1500, 2000, 1000);

    public static readonly AllSizes Quick = new("quick", [500, 1000, 2000], 2, 1000, 300, 500, 100, 3, 1000, 100, 500, 2, 10, 500, 300, 500, 250);
}
