using ControlPlane.Simulation;
using static ControlPlane.Placement.Tests.PlacementFleet;

namespace ControlPlane.Placement.Tests.Filters;

public sealed class RdmaNicFilterTests
{
    [Fact]
    public void Nodes_with_InfiniBand_NICs_may_pair_over_RDMA()
    {
        var verdict = new RdmaNicFilter().Check(Shape(Node("a100-01", NodeTemplates.A100)), Shape(Node("a100-02", NodeTemplates.A100)), Request(Spec()));

        Assert.Equal(PairAccess.Any, verdict.Access);
    }

    [Fact]
    public void Node_without_an_RDMA_NIC_makes_the_pair_TCP_only()
    {
        var verdict = new RdmaNicFilter().Check(Shape(Node("a100-01", NodeTemplates.A100)), Shape(Node("h200-01", NodeTemplates.H200)), Request(Spec()));

        Assert.Equal(PairVerdict.TcpOnly("RdmaNicFilter: h200-01 has no Active NIC port with an RDMA resource, only TCP"), verdict);
    }

    [Theory]
    [InlineData(2, new[] { 0, 1, 4, 5, 6, 7 })]
    [InlineData(8, new int[0])]
    public void A100_node_never_gets_its_Down_port(int tp, int[] allocated)
    {
        var index = Index(Node("a100-01", NodeTemplates.A100, allocated: allocated), Node("a100-02", NodeTemplates.A100, allocated: allocated));

        var plan = Plan(Spec(model: "llama-3.1-70b", prefillTp: tp, decodeTp: tp), index);

        var pair = Assert.Single(plan.Pairs);
        Assert.Equal("rdma", pair.Tier);
        Assert.Equal("mlx5_1", pair.Prefill.Nic);
        Assert.Equal("mlx5_1", pair.Decode.Nic);
        if (tp == 2)
        {
            Assert.Equal([2, 3], pair.Prefill.GpuIndices);
            Assert.Equal("mlx5_1 200 Gb/s (PXB/PXB)", pair.Wire);
        }
    }
}
