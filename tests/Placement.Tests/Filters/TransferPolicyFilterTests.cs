using ControlPlane.Simulation;
using static ControlPlane.Placement.Tests.PlacementFleet;

namespace ControlPlane.Placement.Tests.Filters;

public sealed class TransferPolicyFilterTests
{
    [Theory]
    [InlineData("require-nvlink", KvPath.RankNvLink, true)]
    [InlineData("require-nvlink", KvPath.RankPcieSwitch, false)]
    [InlineData("prefer-nvlink", KvPath.RankRdmaFar, true)]
    [InlineData("prefer-nvlink", KvPath.RankTcp, false)]
    [InlineData("allow-tcp", KvPath.RankTcp, true)]
    public void Policy_accepts_the_tiers_it_names(string policy, int rank, bool accepted)
    {
        var reason = new TransferPolicyFilter().Reject(Request(Spec(policy: policy)), rank, "wire");

        Assert.Equal(accepted, reason is null);
    }

    [Fact]
    public void Require_nvlink_refuses_PCIe_only_nodes()
    {
        var index = Index(Node("rtx5090-01", NodeTemplates.Rtx5090));
        var spec = Spec(model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, cc: ["12.0"], policy: "require-nvlink");

        var plan = Plan(spec, index);

        Assert.False(plan.Complete);
        var rejection = Assert.Single(plan.Rejections);
        Assert.Contains("TransferPolicyFilter: best wire is PHB (pcie), policy require-nvlink needs same-node NV# or one NVLink domain", rejection.Reasons);

        var pcie = Plan(spec with { TransferPolicy = "prefer-nvlink" }, index);
        Assert.Equal("pcie", Assert.Single(pcie.Pairs).Tier);
        Assert.Equal("PHB", pcie.Pairs[0].Wire);
    }

    [Fact]
    public void TCP_only_pair_is_refused_unless_the_policy_allows_tcp()
    {
        // 2×H200 nodes without NICs: TP2 + TP2 needs two nodes and there is no RDMA between them.
        var index = Index(Node("h200-01", NodeTemplates.H200), Node("h200-02", NodeTemplates.H200));

        var refused = Plan(Spec(cuda: "12.4"), index);

        Assert.False(refused.Complete);
        Assert.Empty(refused.Pairs);
        var reasons = refused.Rejections.Single(r => r.Node == "h200-01").Reasons;
        Assert.Contains(reasons, r => r.StartsWith("TransferPolicyFilter: only tcp", StringComparison.Ordinal) && r.Contains("RdmaNicFilter", StringComparison.Ordinal));

        var allowed = Plan(Spec(cuda: "12.4", policy: "allow-tcp"), index);

        var pair = Assert.Single(allowed.Pairs);
        Assert.Equal("tcp", pair.Tier);
        Assert.InRange(pair.EstimatedKvTransferMs, 3600, 3800);
    }
}
