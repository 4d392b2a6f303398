using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Kubernetes;

/// <summary>Everything rendering one replica's pod needs to know: itself, its peer and the wire between them.</summary>
internal sealed record ReplicaContext
{
    public required string Deployment { get; init; }
    /// <summary>What its objects are named and labelled by (<c>pair-{i}</c>, or <c>spare-{n}</c>).</summary>
    public required PairUnit Unit { get; init; }
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

    /// <summary>Two trays of one multi-node NVLink domain: the KV cache crosses the NVLink switch, no NIC.</summary>
    public bool AcrossTrays => MultiNodeNvlinkWiring.AcrossTrays(Pair);

    public bool Tcp => string.Equals(Pair.Tier, "tcp", StringComparison.OrdinalIgnoreCase);

    public string PodName => ResourceNames.Pod(Deployment, Role, Unit);

    public string ServiceName => ResourceNames.PairService(Deployment, Unit);

    /// <summary>
    /// What the engine loads: the cluster's <c>ModelPath</c>, else the model under the host path mounted from
    /// <c>ModelHostPath</c>, else the model's own source (a Hugging Face repo id), else (a custom model without one) its id.
    /// </summary>
    public string ModelPath =>
        Options.ModelPath ?? (Options.ModelHostPath is not null ? $"{ResourceNames.ModelMountPath}/{Model.Id}" : Model.Source ?? Model.Id);
}
