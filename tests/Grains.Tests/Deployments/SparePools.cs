using ControlPlane.Contracts.Fleet;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Wire.Deployments;

namespace ControlPlane.Grains.Tests.Deployments;

/// <summary>The H20 pools the warm-spare grain tests place on, and the Qwen2.5-72B spec they deploy.</summary>
internal static class SparePools
{
    /// <summary>Each node reports once into <paramref name="pool"/>; returns once the pool's index lists every one.</summary>
    public static async Task RegisterAsync(IGrainFactory grains, string pool, IReadOnlyCollection<string> nodes, long sequence = 1)
    {
        foreach (var node in nodes)
        {
            await grains.GetGrain<INodeGrain>(node).ReportAsync(Reports.Steady(node, sequence, NodeTemplates.H20) with { Pool = pool });
        }

        await Eventually.Until(() => grains.GetGrain<IFleetGrain>(pool).GetCapacityChangesAsync(0), d => d.Changed.Length == nodes.Count);
    }

    public static DeploymentSpec Qwen(string pool, int tp, int spares, string? transferPolicy = null) => new()
    {
        Model = "qwen2.5-72b",
        Image = new ImageSpec { Name = "lmsysorg/sglang:v0.5.4-cu124", ComputeCapabilities = ["9.0"], Cuda = "12.2" },
        Prefill = new ReplicaSpec { Tp = tp },
        Decode = new ReplicaSpec { Tp = tp },
        Pairs = 1,
        Spares = spares,
        TransferPolicy = transferPolicy ?? new DeploymentSpec().TransferPolicy,
        Pool = pool,
    };
}
