using ControlPlane.Simulation;
using ControlPlane.Placement;
using static ControlPlane.Placement.Tests.PlacementFleet;

namespace ControlPlane.Placement.Tests;

public sealed class PlacementEngineTests
{
    [Fact]
    public void TP2_pair_on_one_H20_node_goes_over_NV18_in_about_3_4_ms()
    {
        var plan = Plan(Spec(), Index(Node("h20-01", NodeTemplates.H20)));

        Assert.True(plan.Complete);
        var pair = Assert.Single(plan.Pairs);
        Assert.Equal("h20-01", pair.Prefill.Node);
        Assert.Equal("h20-01", pair.Decode.Node);
        Assert.Equal("nvlink", pair.Tier);
        Assert.Equal("NV18", pair.Wire);
        Assert.InRange(pair.EstimatedKvTransferMs, 3.3, 3.5);
        Assert.Empty(pair.Prefill.GpuIndices.Intersect(pair.Decode.GpuIndices));
        Assert.Equal(2, pair.Prefill.GpuUuids.Length);
        Assert.All(pair.Prefill.GpuIndices.Concat(pair.Decode.GpuIndices), i => Assert.InRange(i, 0, 3));
        Assert.Null(pair.Prefill.Nic);
    }

    [Fact]
    public void RTX_5090_node_is_refused_for_an_sm_90_image_with_the_reason_in_the_plan()
    {
        var plan = Plan(Spec(model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, cc: ["8.0", "9.0"]),
            Index(Node("h20-01", NodeTemplates.H20), Node("rtx5090-01", NodeTemplates.Rtx5090)));

        Assert.Equal("h20-01", plan.Pairs[0].Prefill.Node);
        var rejection = Assert.Single(plan.Rejections, r => r.Node == "rtx5090-01");
        Assert.Contains("GpuComputeCapabilityFilter: sm_120 not in image's {sm_80, sm_90}", rejection.Reasons);
    }

    [Fact]
    public void Cross_node_pair_uses_the_Active_NIC_that_is_PIX_or_PXB_to_its_GPUs()
    {
        // Two V100 nodes with GPUs 4-7 taken: a TP4 + TP4 pair cannot share a node.
        var index = Index(Node("v100-01", NodeTemplates.V100, allocated: [4, 5, 6, 7]), Node("v100-02", NodeTemplates.V100, allocated: [4, 5, 6, 7]));

        var plan = Plan(Spec(model: "llama-3.1-8b", prefillTp: 4, decodeTp: 4, cc: ["7.0"]), index);

        var pair = Assert.Single(plan.Pairs);
        Assert.NotEqual(pair.Prefill.Node, pair.Decode.Node);
        Assert.Equal("rdma", pair.Tier);
        Assert.Equal("mlx5_0", pair.Prefill.Nic);
        Assert.Equal("mlx5_0", pair.Decode.Nic);
        Assert.Equal("rdma/rdma_v100", pair.Prefill.RdmaResource);
        Assert.Equal("mlx5_0 100 Gb/s (PXB/PXB)", pair.Wire);
        Assert.Equal([0, 1, 2, 3], pair.Prefill.GpuIndices);
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

    [Fact]
    public void Require_nvlink_refuses_PCIe_only_nodes()
    {
        var index = Index(Node("rtx5090-01", NodeTemplates.Rtx5090));
        var spec = Spec(model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, cc: ["12.0"], policy: "require-nvlink");

        var plan = Plan(spec, index);

        Assert.False(plan.Complete);
        var rejection = Assert.Single(plan.Rejections);
        Assert.Contains("TransferPolicyFilter: best wire is PHB (pcie), policy require-nvlink needs same-node NV#", rejection.Reasons);

        var pcie = Plan(spec with { TransferPolicy = "prefer-nvlink" }, index);
        Assert.Equal("pcie", Assert.Single(pcie.Pairs).Tier);
        Assert.Equal("PHB", pcie.Pairs[0].Wire);
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

    [Fact]
    public void Driver_too_old_for_the_image_CUDA_is_refused_with_the_reason()
    {
        var plan = Plan(Spec(model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, cc: ["8.0"], cuda: "12.4"), Index(Node("a100-01", NodeTemplates.A100)));

        Assert.False(plan.Complete);
        Assert.Contains("CudaDriverFilter: driver 535.183.01 supports CUDA 12.2, image needs CUDA 12.4 (driver ≥ 550.54.14)",
            Assert.Single(plan.Rejections).Reasons);
    }

    [Fact]
    public void Cordoned_node_and_unhealthy_GPUs_are_not_used()
    {
        var index = Index(
            Node("h20-01", NodeTemplates.H20, cordoned: true),
            Node("h20-02", NodeTemplates.H20, unhealthy: [0, 1, 2]));

        var plan = Plan(Spec(), index);

        var pair = Assert.Single(plan.Pairs);
        Assert.Equal("h20-02", pair.Prefill.Node);
        Assert.DoesNotContain(pair.Prefill.GpuIndices.Concat(pair.Decode.GpuIndices), i => i < 3);
        Assert.Contains("CordonFilter: node is cordoned", plan.Rejections.Single(r => r.Node == "h20-01").Reasons);
    }

    [Fact]
    public void Multi_pair_plan_never_reuses_a_GPU_and_spreads_over_nodes()
    {
        var index = Index(Node("h20-01", NodeTemplates.H20), Node("h20-02", NodeTemplates.H20));

        var plan = Plan(Spec(pairs: 4), index);

        Assert.True(plan.Complete);
        Assert.Equal(4, plan.Pairs.Length);
        var used = plan.Pairs.SelectMany(p => p.Prefill.GpuUuids.Concat(p.Decode.GpuUuids)).ToArray();
        Assert.Equal(used.Length, used.Distinct().Count());
        Assert.NotEqual(plan.Pairs[0].Prefill.Node, plan.Pairs[1].Prefill.Node);
        Assert.All(plan.Pairs, p => Assert.Equal("nvlink", p.Tier));

        var fifth = Plan(Spec(pairs: 5), index);
        Assert.False(fifth.Complete);
        Assert.Equal(4, fifth.Pairs.Length);
    }

    [Fact]
    public void Plan_names_a_runner_up_and_lists_pinned_nodes_it_did_not_use()
    {
        var index = Index(Node("h20-01", NodeTemplates.H20), Node("h20-02", NodeTemplates.H20), Node("h100-01", NodeTemplates.H100));

        var plan = Plan(Spec(), index);
        Assert.NotNull(Assert.Single(plan.RunnerUp));
        Assert.NotEqual(plan.Pairs[0].Prefill.Node, plan.RunnerUp[0]!.Prefill.Node);

        var pinned = Plan(Spec(nodes: ["h100-01", "h20-02", "nope"]), index);
        Assert.Equal("h20-02", pinned.Pairs[0].Prefill.Node);
        Assert.Contains(pinned.Rejections, r => r.Node == "h100-01" && r.Reasons[0].StartsWith("GpuMemoryFilter", StringComparison.Ordinal));
        Assert.Contains(pinned.Rejections, r => r.Node == "nope");
        Assert.DoesNotContain(pinned.Rejections, r => r.Node == "h20-02");
    }

    [Fact]
    public void Explain_answers_why_not_a_node()
    {
        var index = Index(Node("h20-01", NodeTemplates.H20), Node("rtx5090-01", NodeTemplates.Rtx5090));
        var spec = Spec(model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1);

        var why = new PlacementEngine().Explain(spec, ModelCatalog.Resolve(spec)!, index, "rtx5090-01");

        Assert.Contains("GpuComputeCapabilityFilter: sm_120 not in image's {sm_80, sm_90}", why);
    }

    [Fact]
    public void Engine_keeps_a_TP4_NVLink_group_whole_after_a_TP2_pair_on_an_empty_H20()
    {
        var index = Index(Node("h20-01", NodeTemplates.H20));
        Assert.Equal(2, Fragmentation.FreeNvLinkGroups(index, 4));

        var plan = Plan(Spec(), index);
        index.Allocate(plan.Pairs[0], "qwen/pair-0");

        Assert.Equal(1, Fragmentation.FreeNvLinkGroups(index, 4));
        var next = Plan(Spec(prefillTp: 4, decodeTp: 4), Index(index.Nodes.ToArray()));
        Assert.False(next.Complete); // 4 free GPUs: one TP4 group, not a TP4 + TP4 pair
        Assert.Equal(4, index.Find("h20-01")!.Gpus.Count(g => g.AllocatedTo is null));
    }

    [Fact]
    public void Second_pair_goes_to_the_already_broken_island_best_fit()
    {
        var index = Index(Node("h20-01", NodeTemplates.H20, allocated: [0, 1]), Node("h20-02", NodeTemplates.H20));

        var plan = Plan(Spec(model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1), index);

        var pair = plan.Pairs[0];
        Assert.Equal("h20-01", pair.Prefill.Node);
        Assert.Equal([2], pair.Prefill.GpuIndices);
        Assert.Equal([3], pair.Decode.GpuIndices);
    }

    [Fact]
    public void Index_ignores_a_stale_copy_and_follows_allocations()
    {
        var node = Node("h20-01", NodeTemplates.H20);
        var index = Index(node with { Version = 5 });

        Assert.False(index.Upsert(node with { Version = 4, Cordoned = true }));
        Assert.True(index.Upsert(node with { Version = 6, Gpus = [.. node.Gpus.Select(g => g with { AllocatedTo = "x" })] }));

        var plan = Plan(Spec(), index);
        Assert.Contains(plan.Rejections.Single().Reasons, r => r.StartsWith("FreeGpuFilter: 0 of 8", StringComparison.Ordinal));
    }
}
