using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Kubernetes.Tests;

/// <summary>Placement plans built from the simulator's captured node templates (their GPU UUIDs, minors and NICs).</summary>
public static class Plans
{
    public static readonly ModelSpec Qwen72B = new() { Id = "qwen2.5-72b", Layers = 80, KvHeads = 8, HeadDim = 128, WeightGiB = 136 };

    public static DeploymentSpec Spec(string engine = "sglang", string backend = "nixl", int tp = 2, string? binding = null) => new()
    {
        Model = Qwen72B.Id,
        Engine = engine,
        Image = new ImageSpec { Name = "lmsysorg/sglang:v0.5.4-cu124", ComputeCapabilities = ["9.0"], Cuda = "12.4" },
        Prefill = new ReplicaSpec { Tp = tp },
        Decode = new ReplicaSpec { Tp = tp },
        TransferBackend = backend,
        Binding = binding,
    };

    public static ReplicaPlacement Replica(ProbeReport node, int[] gpus, string? nic = null) => new()
    {
        Node = node.Node,
        GpuIndices = gpus,
        GpuUuids = [.. gpus.Select(i => node.Gpus.Single(g => g.Index == i).Uuid)],
        GpuMinors = [.. gpus.Select(i => node.Gpus.Single(g => g.Index == i).Minor!.Value)],
        Nic = nic,
        NicNetdev = nic is null ? null : node.Nics.Single(n => n.Device == nic).Netdev,
        RdmaResource = nic is null ? null : node.Nics.Single(n => n.Device == nic).RdmaResource,
        Rack = node.Rack,
        NvlinkDomain = node.Gpus.Select(g => g.Fabric?.DomainKey).Distinct().SingleOrDefault(),
    };

    /// <summary>The seed case: TP2 prefill on GPUs 0,1 and TP2 decode on GPUs 2,3 of one 8×H20 NV18 node.</summary>
    public static PlacementPlan SameNodeH20(out ProbeReport node)
    {
        node = Reports.For("h20-node-a", NodeTemplates.H20);
        return One(new PairPlacement
        {
            Prefill = Replica(node, [0, 1]),
            Decode = Replica(node, [2, 3]),
            Tier = "nvlink",
            Wire = "NV18",
            EstimatedKvTransferMs = 3.4,
        });
    }

    /// <summary>Two pairs on one 8×H20 NV18 node: TP2 prefill/decode on GPUs 0-3, then on GPUs 4-7.</summary>
    public static PlacementPlan TwoPairsH20()
    {
        var node = Reports.For("h20-node-a", NodeTemplates.H20);
        PairPlacement Pair(int first) => new()
        {
            Prefill = Replica(node, [first, first + 1]),
            Decode = Replica(node, [first + 2, first + 3]),
            Tier = "nvlink",
            Wire = "NV18",
            EstimatedKvTransferMs = 3.4,
        };
        return new PlacementPlan { Pairs = [Pair(0), Pair(4)], Complete = true, NodesConsidered = 1 };
    }

    /// <summary>Two 8×A100 nodes; GPUs 2,3 are PXB to mlx5_1, the Active port (mlx5_0 is Down).</summary>
    public static PlacementPlan CrossNodeA100(out ProbeReport prefillNode, out ProbeReport decodeNode)
    {
        prefillNode = Reports.For("a100-node-a", NodeTemplates.A100);
        decodeNode = Reports.For("a100-node-b", NodeTemplates.A100);
        return One(new PairPlacement
        {
            Prefill = Replica(prefillNode, [2, 3], "mlx5_1"),
            Decode = Replica(decodeNode, [2, 3], "mlx5_1"),
            Tier = "rdma",
            Wire = "mlx5_1 200 Gb/s (PXB/PXB)",
            EstimatedKvTransferMs = 54,
        });
    }

    public static PlacementPlan CrossNodeTcp()
    {
        var a = Reports.For("rtx-node-a", NodeTemplates.Rtx5090);
        var b = Reports.For("rtx-node-b", NodeTemplates.Rtx5090);
        return One(new PairPlacement { Prefill = Replica(a, [0]), Decode = Replica(b, [0]), Tier = "tcp", Wire = "TCP", EstimatedKvTransferMs = 3700 });
    }

    /// <summary>TP4 prefill and TP4 decode on two GB200 NVL72 trays of one rack: one NVLink domain, no NIC on the KV path.</summary>
    public static PlacementPlan CrossTrayGb200(out ProbeReport prefillTray, out ProbeReport decodeTray)
    {
        prefillTray = Reports.For("gb200-tray-01", NodeTemplates.Gb200);
        decodeTray = Reports.For("gb200-tray-02", NodeTemplates.Gb200);
        return One(new PairPlacement
        {
            Prefill = Replica(prefillTray, [0, 1, 2, 3]),
            Decode = Replica(decodeTray, [0, 1, 2, 3]),
            Tier = "nvlink-domain",
            Wire = "NVLink domain",
            EstimatedKvTransferMs = 1.491,
        });
    }

    public static PlacementPlan One(PairPlacement pair) => new() { Pairs = [pair], Complete = true, NodesConsidered = 2 };
}
