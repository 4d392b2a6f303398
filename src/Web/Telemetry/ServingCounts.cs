namespace ControlPlane.Web.Telemetry;

/// <summary>
/// One reading of what the fleet serves, for the gauges: deployments by status, pairs by state and placed tier, open
/// incidents by kind and state. Label values are the API's enum names and the placement's tier names: a bounded set
/// whatever the fleet's size.
/// </summary>
internal sealed record ServingCounts
{
    public static readonly ServingCounts None = new();

    public IReadOnlyDictionary<string, long> DeploymentsByStatus { get; init; } = new Dictionary<string, long>();

    public IReadOnlyDictionary<(string State, string Tier), long> PairsByStateAndTier { get; init; } = new Dictionary<(string, string), long>();

    public IReadOnlyDictionary<(string Kind, string State), long> OpenIncidents { get; init; } = new Dictionary<(string, string), long>();
}
