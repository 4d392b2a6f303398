using ControlPlane.Contracts.Incidents;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Grains.Tests.Incidents;

/// <summary>Pairs and signals for the pure failover rules.</summary>
internal static class IncidentSamples
{
    /// <summary>A cross-node pair: prefill on <paramref name="prefillNode"/> GPUs, decode on <paramref name="decodeNode"/>, both over <paramref name="nic"/>.</summary>
    public static PairView CrossNode(string deployment, string prefillNode, int[] prefillGpus, string decodeNode, int[] decodeGpus, string nic = "mlx5_0", int revision = 0) => new()
    {
        Id = $"{deployment}/pair-0",
        Index = 0,
        State = PairState.Running,
        Revision = revision,
        Placement = new PairPlacement
        {
            Prefill = Replica(prefillNode, prefillGpus, nic),
            Decode = Replica(decodeNode, decodeGpus, nic),
            Tier = "rdma",
            Wire = $"{nic} 400 Gb/s (PIX/PIX)",
            EstimatedKvTransferMs = 12,
        },
    };

    public static PairView SameNode(string deployment, string node, int prefillGpu, int decodeGpu) => new()
    {
        Id = $"{deployment}/pair-0",
        Index = 0,
        State = PairState.Running,
        Placement = new PairPlacement
        {
            Prefill = Replica(node, [prefillGpu], null),
            Decode = Replica(node, [decodeGpu], null),
            Tier = "nvlink",
            Wire = "NV18",
            EstimatedKvTransferMs = 1.2,
        },
    };

    public static PairRef Ref(PairView pair) => new() { Deployment = pair.Id[..pair.Id.IndexOf('/')], Pair = pair.Index, Revision = pair.Revision };

    private static ReplicaPlacement Replica(string node, int[] gpus, string? nic) => new()
    {
        Node = node,
        GpuIndices = gpus,
        GpuUuids = [.. gpus.Select(g => $"GPU-{node}-{g}")],
        GpuMinors = gpus,
        Nic = nic,
    };
}
