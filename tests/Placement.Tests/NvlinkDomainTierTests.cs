using ControlPlane.Simulation;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Placement;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Placement.Tests;

/// <summary>
/// Two nodes of one multi-node NVLink domain (GB200/GB300 NVL72 trays) are a tier of their own between one node's
/// NVLink and RDMA: a pair too large for one node goes across two trays of a domain before it goes over a NIC, and a
/// node outside every domain (the real 2×H200 capture's all-zero cluster UUID) never pairs as if it were in one.
/// </summary>
public sealed class NvlinkDomainTierTests
{
    private const string DomainA = "6c9d1e3a-9f1b-4c1e-8d2a-4b8f0e2c7a11";
    private const string DomainB = "0b5e1c2d-4a3f-4e6d-9c8b-7a6f5e4d3c2b";

    [Fact]
    public void A_pair_too_large_for_one_node_is_placed_across_two_nodes_of_one_domain_over_nvlink_not_rdma()
    {
        var index = PlacementFleet.Index(Tray("tray-1", DomainA, 32766), Tray("tray-2", DomainA, 32766));

        var pair = Assert.Single(PlacementFleet.Plan(PlacementFleet.Spec(prefillTp: 8, decodeTp: 8), index).Pairs);

        Assert.Equal("nvlink-domain", pair.Tier);
        Assert.NotEqual(pair.Prefill.Node, pair.Decode.Node);
        Assert.Equal("NVLink domain", pair.Wire);
    }

    [Theory]
    [InlineData(DomainA, 1, DomainA, 2)]
    [InlineData(DomainA, 7, DomainB, 7)]
    [InlineData("00000000-0000-0000-0000-000000000000", 0, "00000000-0000-0000-0000-000000000000", 0)]
    public void Nodes_of_different_cliques_domains_or_no_domain_pair_over_rdma(string uuidA, long cliqueA, string uuidB, long cliqueB)
    {
        var index = PlacementFleet.Index(Tray("tray-1", uuidA, cliqueA), Tray("tray-2", uuidB, cliqueB));

        var pair = Assert.Single(PlacementFleet.Plan(PlacementFleet.Spec(prefillTp: 8, decodeTp: 8), index).Pairs);

        Assert.Equal("rdma", pair.Tier);
    }

    [Fact]
    public void A_node_with_one_gpu_not_registered_with_the_domain_is_not_in_it()
    {
        var node = Tray("tray-1", DomainA, 32766, unregisteredGpu: 3);

        Assert.Null(node.NvlinkDomain);
    }

    [Fact]
    public void One_nodes_nvlink_still_comes_first_when_the_pair_fits_on_one_node()
    {
        var index = PlacementFleet.Index(Tray("tray-1", DomainA, 32766), Tray("tray-2", DomainA, 32766));

        var pair = Assert.Single(PlacementFleet.Plan(PlacementFleet.Spec(prefillTp: 4, decodeTp: 4), index).Pairs);

        Assert.Equal("nvlink", pair.Tier);
        Assert.Equal(pair.Prefill.Node, pair.Decode.Node);
    }

    [Fact]
    public void Require_nvlink_accepts_a_domain_pair()
    {
        var index = PlacementFleet.Index(Tray("tray-1", DomainA, 32766), Tray("tray-2", DomainA, 32766));

        var plan = PlacementFleet.Plan(PlacementFleet.Spec(prefillTp: 8, decodeTp: 8, policy: "require-nvlink"), index);

        Assert.Equal("nvlink-domain", Assert.Single(plan.Pairs).Tier);
    }

    /// <summary>An 8-GPU H100 node whose GPUs report registration with the given domain.</summary>
    private static PlacementNode Tray(string name, string clusterUuid, long clique, int? unregisteredGpu = null)
    {
        var report = new SimulatedNode(name, NodeTemplates.H100, NodeTemplates.H100.Versions, "rack-1").NextReport(DateTimeOffset.UtcNow, new Random(7));
        report = report with
        {
            Gpus = [.. report.Gpus.Select(g => g with
            {
                Fabric = new GpuFabric
                {
                    State = g.Index == unregisteredGpu ? "In Progress" : "Completed",
                    Status = "Success",
                    CliqueId = clique,
                    ClusterUuid = clusterUuid,
                },
            })],
        };
        var health = report.Gpus.ToDictionary(g => g.Uuid, _ => HealthStatus.Healthy);
        return PlacementNodeFactory.From(report, health, new Dictionary<int, string>(), HealthStatus.Healthy, Readiness.Ready, cordoned: false, version: 1);
    }
}
