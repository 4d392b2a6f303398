using ControlPlane.Wire.Deployments;

namespace ControlPlane.Contracts.Deployments;

/// <summary>
/// One deployment's desired state (keyed by name) and its reconciliation to placed, reserved pairs whose
/// objects are applied and whose pods are watched. The spec is validated before it reaches the grain.
/// </summary>
[Alias("cp.IModelDeploymentGrain")]
public interface IModelDeploymentGrain : IGrainWithStringKey
{
    /// <summary>Creates or updates; the same spec again changes nothing. A refused spec (fits nowhere, or the previous one is still terminating) changes nothing.</summary>
    [Alias("PutSpec")]
    Task<PutOutcome> PutAsync(DeploymentSpec spec);

    /// <summary>Interleaves with a PUT or DELETE in progress (a slow API server), answering the state as last written.</summary>
    [Alias("Get"), Orleans.Concurrency.AlwaysInterleave]
    Task<DeploymentView?> GetAsync();

    /// <summary>
    /// Deletes the objects; the GPUs are released once the pods are observed gone (at once when nothing was applied).
    /// </summary>
    [Alias("DeleteObjects")]
    Task<DeleteOutcome> DeleteAsync();

    /// <summary>Replaces one pair (failover): quarantined components are avoided, the old pair drains once the new one is reserved.</summary>
    [Alias("FailoverPair")]
    Task<FailoverOutcome> FailoverPairAsync(FailoverRequest request);

    /// <summary>Edge trigger: a watch saw one of its pods change; the grain looks at its pods now instead of at the next resync.</summary>
    [Alias("PodsChanged"), Orleans.Concurrency.OneWay]
    Task PodsChangedAsync();
}

/// <summary>What a PUT did: the deployment now, or why nothing changed.</summary>
[GenerateSerializer, Immutable, Alias("cp.PutOutcome")]
public sealed record PutOutcome
{
    [Id(0)] public DeploymentView? View { get; init; }

    /// <summary>Set when the spec was refused and nothing changed: the title of the answer (and <see cref="Detail"/>).</summary>
    [Id(1)] public string? Refused { get; init; }

    [Id(2)] public string? Detail { get; init; }

    [Id(3)] public Wire.Placement.NodeRejection[] Rejections { get; init; } = [];

    /// <summary>True when the refusal is temporary (storage unavailable): the caller may retry as is.</summary>
    [Id(4)] public bool Unavailable { get; init; }
}

public enum DeleteOutcome
{
    NotFound = 0,

    /// <summary>Gone: nothing was running (plan-only mode, or nothing applied), every GPU is released.</summary>
    Deleted = 1,

    /// <summary>The objects are being deleted; status Deleting until the pods are observed gone.</summary>
    Deleting = 2,
}
