namespace ControlPlane.Bench.ColdStart;

/// <summary>One cold start: how long until the restarted cluster answered for every node and planned correctly again.</summary>
public sealed record ColdStartResult(
    int Nodes,
    int Deployments,
    double SiloStartSeconds,
    double AgentsSeconds,
    double NodesAnswerSeconds,
    double PlansCorrectSeconds,
    double HealthzMaxMs,
    int Retries,
    int ServerErrors,
    int DoubleAllocations,
    int OrphanedGpus,
    long RedisBytes)
{
    public double ReadySeconds => Math.Max(NodesAnswerSeconds, PlansCorrectSeconds);

    public bool Passed => !double.IsNaN(ReadySeconds) && ServerErrors == 0 && DoubleAllocations == 0 && OrphanedGpus == 0;
}
