using System.Text.Json;
using ControlPlane.Testing;
using k8s.Models;

namespace ControlPlane.Kubernetes.Tests;

/// <summary>A pair on two GB200 NVL72 trays of one NVLink domain: what makes its KV path the NVLink switch and not a NIC.</summary>
public sealed class MultiNodeNvlinkRenderingTests
{
    private static RenderedManifests Render(string engine = "vllm", string backend = "nixl", RenderOptions? options = null) =>
        ManifestRenderer.Render("qwen", Plans.Spec(engine, backend, tp: 4), Plans.Qwen72B, Plans.CrossTrayGb200(out _, out _), options ?? new RenderOptions());

    [Fact]
    public void Pair_across_two_trays_gets_one_ComputeDomain_whose_channel_both_pods_claim()
    {
        var manifests = Render();

        var domain = Assert.Single(manifests.OfKind<ComputeDomain>());
        Assert.Equal(("resource.nvidia.com/v1beta1", "ComputeDomain", "qwen-pair-0", "inference"), (domain.ApiVersion, domain.Kind, domain.Metadata.Name, domain.Metadata.NamespaceProperty));
        Assert.Equal(2, domain.Spec.NumNodes);
        Assert.Equal("qwen-pair-0-imex-channel", domain.Spec.Channel.ResourceClaimTemplate.Name);
        Assert.Equal("0", domain.Metadata.Labels["controlplane.io/pair"]);
        Assert.True(manifests.Objects.ToList().IndexOf(domain) < manifests.Objects.ToList().FindIndex(o => o is V1Pod), "the ComputeDomain is applied before the pods");

        foreach (var (name, node) in new[] { ("qwen-prefill-0", "gb200-tray-01"), ("qwen-decode-0", "gb200-tray-02") })
        {
            var pod = manifests.Pod(name);
            var claim = Assert.Single(pod.Spec.ResourceClaims);
            Assert.Equal(("imex-channel", "qwen-pair-0-imex-channel"), (claim.Name, claim.ResourceClaimTemplateName));
            Assert.Equal(["imex-channel"], pod.Engine().Resources.Claims.Select(c => c.Name));

            // Scheduled (a claim is only allocated by the scheduler), onto the placed tray.
            Assert.Null(pod.Spec.NodeName);
            var term = Assert.Single(pod.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms);
            Assert.Equal(("kubernetes.io/hostname", node), (term.MatchExpressions.Single().Key, term.MatchExpressions.Single().Values.Single()));

            Assert.Equal("1", pod.Env("NCCL_MNNVL_ENABLE"));
            Assert.Equal("1", pod.Env("NCCL_CUMEM_ENABLE"));
            Assert.Equal("y", pod.Env("UCX_CUDA_IPC_ENABLE_MNNVL"));
            Assert.Null(pod.Env("NCCL_IB_HCA"));
            Assert.Null(pod.Env("UCX_NET_DEVICES"));
            Assert.Empty(pod.ResourceNamesRequested());
            Assert.Equal("nvlink-domain", pod.Metadata.Annotations["controlplane.io/tier"]);
        }

        Assert.Empty(manifests.Warnings);
    }

    [Fact]
    public void Under_dra_binding_each_pod_claims_its_own_gpus_and_the_shared_channel()
    {
        var manifests = Render(options: new RenderOptions { Binding = "dra" });

        var pod = manifests.Pod("qwen-decode-0");
        Assert.Equal(["gpus", "imex-channel"], pod.Spec.ResourceClaims.Select(c => c.Name));
        Assert.Equal("qwen-decode-0-gpus", pod.Spec.ResourceClaims[0].ResourceClaimName);
        Assert.Equal("qwen-pair-0-imex-channel", pod.Spec.ResourceClaims[1].ResourceClaimTemplateName);
        Assert.Equal(["gpus", "imex-channel"], pod.Engine().Resources.Claims.Select(c => c.Name));
        Assert.Single(manifests.OfKind<ComputeDomain>());
        Assert.Equal(2, manifests.OfKind<k8s.Models.Resourcev1ResourceClaim>().Count);
    }

    [Fact]
    public void Without_DRA_both_pods_are_held_to_the_clique_by_a_required_node_affinity()
    {
        var manifests = Render(options: new RenderOptions { MultiNodeNvlink = MultiNodeNvlinkMode.CliqueAffinity });
        var tray = Reports.For("gb200-tray-01", Simulation.NodeTemplates.Gb200);
        var fabric = tray.Gpus[0].Fabric!;

        Assert.Empty(manifests.OfKind<ComputeDomain>());
        foreach (var name in new[] { "qwen-prefill-0", "qwen-decode-0" })
        {
            var pod = manifests.Pod(name);
            Assert.NotNull(pod.Spec.NodeName);
            Assert.Null(pod.Spec.ResourceClaims);
            var requirement = Assert.Single(Assert.Single(pod.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms).MatchExpressions);
            Assert.Equal(("nvidia.com/gpu.clique", "In", $"{fabric.ClusterUuid}.{fabric.CliqueId}"), (requirement.Key, requirement.OperatorProperty, requirement.Values.Single()));
            Assert.Equal("1", pod.Env("NCCL_MNNVL_ENABLE"));
        }
    }

    [Fact]
    public void Clique_affinity_under_dra_binding_ands_the_clique_with_the_placed_node()
    {
        var pod = Render(options: new RenderOptions { Binding = "dra", MultiNodeNvlink = MultiNodeNvlinkMode.CliqueAffinity }).Pod("qwen-prefill-0");

        var term = Assert.Single(pod.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms);
        Assert.Equal(["kubernetes.io/hostname", "nvidia.com/gpu.clique"], term.MatchExpressions.Select(e => e.Key));
    }

    [Fact]
    public void Clique_affinity_for_a_placement_that_names_no_domain_is_refused_naming_the_pod()
    {
        var plan = Plans.CrossTrayGb200(out _, out _);
        plan.Pairs[0].Decode.NvlinkDomain = null;

        var error = Assert.Throws<ArgumentException>(() => ManifestRenderer.Render("qwen", Plans.Spec("vllm", "nixl", 4), Plans.Qwen72B, plan,
            new RenderOptions { MultiNodeNvlink = MultiNodeNvlinkMode.CliqueAffinity }));

        Assert.Contains("qwen-decode-0", error.Message, StringComparison.Ordinal);
        Assert.Contains("names no NVLink domain for gb200-tray-02", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mooncake_across_trays_takes_its_multi_node_nvlink_protocol_in_both_engines()
    {
        var vllm = Render("vllm", "mooncake").Pod("qwen-prefill-0");
        var config = JsonDocument.Parse(vllm.Arg("--kv-transfer-config")!).RootElement.GetProperty("kv_connector_extra_config");
        Assert.Equal("nvlink", config.GetProperty("mooncake_protocol").GetString());
        Assert.False(config.TryGetProperty("device_name", out _));
        Assert.Equal("true", vllm.Env("MC_FORCE_MNNVL"));
        Assert.Null(vllm.Env("MC_FORCE_TCP"));
        Assert.Null(vllm.Env("UCX_CUDA_IPC_ENABLE_MNNVL"));

        var sglang = Render("sglang", "mooncake").Pod("qwen-decode-0");
        Assert.Equal("true", sglang.Env("MC_FORCE_MNNVL"));
        Assert.Null(sglang.Arg("--disaggregation-ib-device"));
    }

    [Fact]
    public void A_pair_across_nodes_on_rdma_gets_no_ComputeDomain_and_keeps_its_nic()
    {
        var manifests = ManifestRenderer.Render("qwen", Plans.Spec(), Plans.Qwen72B, Plans.CrossNodeA100(out _, out _), new RenderOptions());

        Assert.Empty(manifests.OfKind<ComputeDomain>());
        Assert.Equal("mlx5_1", manifests.Pod("qwen-prefill-0").Env("NCCL_IB_HCA"));
        Assert.Null(manifests.Pod("qwen-prefill-0").Env("NCCL_MNNVL_ENABLE"));
    }

    [Fact]
    public void The_ComputeDomain_survives_the_yaml_round_trip_the_api_serves()
    {
        var manifests = Render();

        var loaded = ManifestYaml.Load(manifests.Yaml).OfType<ComputeDomain>().Single();

        Assert.Equal(("qwen-pair-0", 2, "qwen-pair-0-imex-channel"), (loaded.Metadata.Name, loaded.Spec.NumNodes, loaded.Spec.Channel.ResourceClaimTemplate.Name));
        Assert.Contains("apiVersion: resource.nvidia.com/v1beta1", manifests.Yaml, StringComparison.Ordinal);
        Assert.Contains("resourceClaimTemplateName: qwen-pair-0-imex-channel", manifests.Yaml, StringComparison.Ordinal);
    }
}
