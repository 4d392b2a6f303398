using ControlPlane.Contracts.Placement;

namespace ControlPlane.Contracts.Deployments;

/// <summary><c>GET /api/v1/deployments/{name}</c>: the spec, where every pair runs, and how fast its KV transfer is.</summary>
[GenerateSerializer, Immutable, Alias("cp.DeploymentView")]
public sealed record DeploymentView
{
    [Id(0)] public required string Name { get; init; }
    [Id(1)] public required DeploymentSpec Spec { get; init; }
    [Id(2)] public required DeploymentStatus Status { get; init; }
    [Id(3)] public PairView[] Pairs { get; init; } = [];
    [Id(4)] public NodeRejection[] Rejections { get; init; } = [];
    [Id(5)] public string? Message { get; init; }
    [Id(6)] public long Generation { get; init; }
    [Id(7)] public DateTimeOffset UpdatedAt { get; init; }
}
