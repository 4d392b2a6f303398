using ControlPlane.Simulation;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Placement;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Placement.Tests;

/// <summary>Placement views of simulated nodes (the captured topologies), built the way the node grain builds them.</summary>
internal static class PlacementFleet
{
    public static PlacementNode Node(
        string name,
        NodeTemplate template,
        int[]? allocated = null,
        SoftwareVersions? versions = null,
        bool cordoned = false,
        int[]? unhealthy = null,
        string rack = "rack-1")
    {
        var report = new SimulatedNode(name, template, versions ?? template.Versions, rack).NextReport(DateTimeOffset.UtcNow, new Random(7));
        var health = report.Gpus.ToDictionary(g => g.Uuid, g => unhealthy?.Contains(g.Index) == true ? HealthStatus.Unhealthy : HealthStatus.Healthy);
        var allocations = (allocated ?? []).ToDictionary(i => i, i => $"someone-else/{i}");
        return PlacementNodeFactory.From(report, health, allocations, HealthStatus.Healthy, Readiness.Ready, cordoned, version: 1);
    }

    public static CapacityIndex Index(params PlacementNode[] nodes) => new(nodes);

    public static DeploymentSpec Spec(
        string model = "qwen2.5-72b",
        int prefillTp = 2,
        int decodeTp = 2,
        string policy = "prefer-nvlink",
        string[]? cc = null,
        string cuda = "12.2",
        int pairs = 1,
        string[]? nodes = null) => new()
        {
            Model = model,
            Engine = "sglang",
            Image = new ImageSpec { Name = "lmsysorg/sglang:test", ComputeCapabilities = cc ?? ["8.0", "9.0"], Cuda = cuda },
            Prefill = new ReplicaSpec { Tp = prefillTp },
            Decode = new ReplicaSpec { Tp = decodeTp },
            Pairs = pairs,
            TransferBackend = "nixl",
            TransferPolicy = policy,
            Spread = "node",
            Nodes = nodes,
        };

    public static PlacementPlan Plan(DeploymentSpec spec, CapacityIndex index) =>
        new PlacementEngine().Plan(spec, ModelCatalog.Resolve(spec)!, index);

    public static PlacementRequest Request(DeploymentSpec spec) => new(spec, ModelCatalog.Resolve(spec)!);

    /// <summary>The shape of one node, as the index builds it.</summary>
    public static NodeShape Shape(PlacementNode node) => new(ShapeKey.Of(node), node);

    public static uint Gpus(params int[] indices) => indices.Aggregate(0u, (mask, i) => mask | (1u << i));
}
