using ControlPlane.Simulation;
using static ControlPlane.Placement.Tests.PlacementFleet;

namespace ControlPlane.Placement.Tests.Filters;

public sealed class NcclCudaMatchFilterTests
{
    [Fact]
    public void Same_NCCL_and_CUDA_may_pair()
    {
        var verdict = new NcclCudaMatchFilter().Check(Shape(Node("a100-01", NodeTemplates.A100)), Shape(Node("a100-02", NodeTemplates.A100)), Request(Spec()));

        Assert.Equal(PairVerdict.Allowed, verdict);
    }

    [Fact]
    public void Different_CUDA_refuses_the_pair()
    {
        var other = Node("a100-02", NodeTemplates.A100) with { Cuda = "12.4" };

        var verdict = new NcclCudaMatchFilter().Check(Shape(Node("a100-01", NodeTemplates.A100)), Shape(other), Request(Spec()));

        Assert.Equal(PairVerdict.Refused("NcclCudaMatchFilter: CUDA 12.2 on a100-01 ≠ 12.4 on a100-02"), verdict);
    }

    [Fact]
    public void NCCL_mismatch_across_nodes_refuses_the_cross_node_pair()
    {
        var index = Index(
            Node("a100-01", NodeTemplates.A100),
            Node("a100-02", NodeTemplates.A100, versions: NodeTemplates.A100.Versions with { Nccl = "2.21.5" }));

        var plan = Plan(Spec(model: "llama-3.1-70b", prefillTp: 8, decodeTp: 8), index);

        Assert.False(plan.Complete);
        Assert.Contains(plan.Rejections.Single(r => r.Node == "a100-01").Reasons,
            r => r.StartsWith("NcclCudaMatchFilter: NCCL 2.18.5 on a100-01 ≠ 2.21.5 on a100-02", StringComparison.Ordinal)
              || r.StartsWith("NcclCudaMatchFilter: NCCL 2.21.5 on a100-02 ≠ 2.18.5 on a100-01", StringComparison.Ordinal));
    }
}
