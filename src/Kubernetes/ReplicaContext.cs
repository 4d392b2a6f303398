using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Kubernetes;

/// <summary>Everything rendering one replica's pod needs to know: itself, its peer and the wire between them.</summary>
internal sealed record ReplicaContext
{
    public required string Deployment { get; init; }
    public required int PairIndex { get; init; }
    public required ReplicaRole Role { get; init; }
    public required ReplicaPlacement Self { get; init; }
    public required ReplicaPlacement Peer { get; init; }
    public required PairPlacement Pair { get; init; }
    public required DeploymentSpec Spec { get; init; }
    public required ModelSpec Model { get; init; }
    public required RenderOptions Options { get; init; }
    public required BindingStrategy Binding { get; init; }

    public int Tp => Self.GpuIndices.Length;

    /// <summary>Both engines on one node: the KV cache can go GPU to GPU (NVLink/PCIe P2P) if isolation allows it.</summary>
    public bool SameNode => string.Equals(Self.Node, Peer.Node, StringComparison.Ordinal);

    public bool Tcp => string.Equals(Pair.Tier, "tcp", StringComparison.OrdinalIgnoreCase);

    public string PodName => ResourceNames.Pod(Deployment, Role, PairIndex);

    public string ServiceName => ResourceNames.PairService(Deployment, PairIndex);

    public string ModelPath =>
        Options.ModelPath ?? (Options.ModelHostPath is null ? Model.Id : $"{ResourceNames.ModelMountPath}/{Model.Id}");
}
