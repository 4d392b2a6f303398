using System.Text.Json;

namespace ControlPlane.Kubernetes.Tests;

/// <summary>
/// Mooncake defaults to RDMA with device auto-discovery and fails to initialise without an HCA: every mooncake pair is
/// told the protocol (and, on RDMA, the device) its placement chose, in the form each engine reads.
/// </summary>
public sealed class MooncakeTransportTests
{
    public static TheoryData<string, string, string?> Tiers => new()
    {
        { "same-node", "tcp", null },
        { "cross-node", "rdma", "mlx5_1" },
        { "tcp", "tcp", null },
    };

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Vllm_names_the_protocol_and_device_in_kv_connector_extra_config(string tier, string protocol, string? device)
    {
        var manifests = ManifestRenderer.Render("llama", Plans.Spec(engine: "vllm", backend: "mooncake", tp: Tp(tier)), Plans.Qwen72B, Plan(tier), new RenderOptions());

        foreach (var (pod, role) in new[] { ("llama-prefill-0", "kv_producer"), ("llama-decode-0", "kv_consumer") })
        {
            using var config = JsonDocument.Parse(manifests.Pod(pod).Arg("--kv-transfer-config")!);
            var root = config.RootElement;
            Assert.Equal(("MooncakeConnector", role), (root.GetProperty("kv_connector").GetString(), root.GetProperty("kv_role").GetString()));
            var extra = root.GetProperty("kv_connector_extra_config");
            Assert.Equal(protocol, extra.GetProperty("mooncake_protocol").GetString());
            Assert.Equal(device, extra.TryGetProperty("device_name", out var name) ? name.GetString() : null);
            // Mooncake's binding takes its transport from its own environment, not from the protocol vLLM passes it.
            Assert.Equal(protocol == "tcp" ? "1" : null, manifests.Pod(pod).Env("MC_FORCE_TCP"));
        }
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Sglang_names_the_device_by_flag_and_a_protocol_off_rdma_through_mooncakes_environment(string tier, string protocol, string? device)
    {
        var manifests = ManifestRenderer.Render("qwen", Plans.Spec(backend: "mooncake", tp: Tp(tier)), Plans.Qwen72B, Plan(tier), new RenderOptions());

        foreach (var pod in new[] { manifests.Pod("qwen-prefill-0"), manifests.Pod("qwen-decode-0") })
        {
            Assert.Equal(device, pod.Arg("--disaggregation-ib-device"));
            Assert.Equal(protocol == "tcp" ? "1" : null, pod.Env("MC_FORCE_TCP"));
            Assert.Null(pod.Env("MC_INTRANODE_NVLINK"));
        }
    }

    [Fact]
    public void Same_node_pairs_move_the_kv_cache_over_nvlink_where_the_images_mooncake_was_built_for_it()
    {
        var options = new RenderOptions { MooncakeIntraNodeNvlink = true };
        var vllm = ManifestRenderer.Render("llama", Plans.Spec(engine: "vllm", backend: "mooncake"), Plans.Qwen72B, Plans.SameNodeH20(out _), options);
        var sglang = ManifestRenderer.Render("qwen", Plans.Spec(backend: "mooncake"), Plans.Qwen72B, Plans.SameNodeH20(out _), options);

        using var config = JsonDocument.Parse(vllm.Pod("llama-prefill-0").Arg("--kv-transfer-config")!);
        Assert.Equal("nvlink_intra", config.RootElement.GetProperty("kv_connector_extra_config").GetProperty("mooncake_protocol").GetString());
        Assert.Equal("1", vllm.Pod("llama-prefill-0").Env("MC_INTRANODE_NVLINK"));
        Assert.Equal("1", sglang.Pod("qwen-decode-0").Env("MC_INTRANODE_NVLINK"));
        Assert.Null(sglang.Pod("qwen-decode-0").Env("MC_FORCE_TCP"));
    }

    [Fact]
    public void Nixl_pairs_carry_no_mooncake_settings()
    {
        var manifests = ManifestRenderer.Render("qwen", Plans.Spec(tp: 1), Plans.Qwen72B, Plans.CrossNodeTcp(), new RenderOptions());

        Assert.Null(manifests.Pod("qwen-prefill-0").Env("MC_FORCE_TCP"));
    }

    private static int Tp(string tier) => tier == "tcp" ? 1 : 2;

    private static Wire.Placement.PlacementPlan Plan(string tier) => tier switch
    {
        "same-node" => Plans.SameNodeH20(out _),
        "cross-node" => Plans.CrossNodeA100(out _, out _),
        _ => Plans.CrossNodeTcp(),
    };
}
