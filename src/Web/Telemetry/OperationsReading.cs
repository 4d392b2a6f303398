namespace ControlPlane.Web.Telemetry;

/// <summary>
/// One reading of the fleet's operational state for the gauges: per pool (a bounded set, whatever the node count) the
/// GPUs reservations hold, the nodes off the pool's version majority, the oldest agent report and the silent agents; and
/// how far deployments' reconciliation lags their specs.
/// </summary>
internal sealed record OperationsReading
{
    public static readonly OperationsReading None = new();

    public IReadOnlyDictionary<string, PoolReading> Pools { get; init; } = new Dictionary<string, PoolReading>();

    /// <summary>Deployments whose observed generation is behind their spec's.</summary>
    public long LaggingDeployments { get; init; }

    /// <summary>The largest gap, in generations, between a deployment's spec and what it reached.</summary>
    public long MaxLagGenerations { get; init; }
}

internal sealed record PoolReading(long HeldGpus, long DriftNodes, double OldestReportSeconds, long SilentNodes);
