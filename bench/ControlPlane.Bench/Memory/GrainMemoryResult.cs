namespace ControlPlane.Bench.Memory;

/// <summary>Managed-heap growth per activation of each grain kind at steady state, and how many of each were activated.</summary>
public sealed record GrainMemoryResult(
    int Nodes,
    long NodeBytes,
    int Gpus,
    long GpuBytes,
    int Nics,
    long NicBytes,
    int Deployments,
    long DeploymentBytes,
    long PairBytes);
