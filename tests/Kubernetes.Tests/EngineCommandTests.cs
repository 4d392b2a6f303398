using System.Text.Json;
using k8s.Models;

namespace ControlPlane.Kubernetes.Tests;

public class EngineCommandTests
{
    private static readonly RenderOptions Options = new() { ModelHostPath = "/mnt/models" };

    [Fact]
    public void Sglang_prefill_and_decode_get_their_disaggregation_mode_backend_and_tp()
    {
        var manifests = ManifestRenderer.Render("qwen", Plans.Spec(backend: "mooncake"), Plans.Qwen72B, Plans.SameNodeH20(out _), Options);

        var prefill = manifests.Pod("qwen-prefill-0");
        var decode = manifests.Pod("qwen-decode-0");
        Assert.Equal(["python3", "-m", "sglang.launch_server"], prefill.Engine().Command.Take(3));
        Assert.Equal("/models/qwen2.5-72b", prefill.Arg("--model-path"));
        Assert.Equal("2", prefill.Arg("--tp-size"));
        Assert.Null(prefill.Arg("--tp"));
        Assert.Equal("prefill", prefill.Arg("--disaggregation-mode"));
        Assert.Equal("decode", decode.Arg("--disaggregation-mode"));
        Assert.Equal("mooncake", decode.Arg("--disaggregation-transfer-backend"));
        Assert.Equal("8998", prefill.Arg("--disaggregation-bootstrap-port"));
        // One node: no IB device, the KV cache goes GPU to GPU.
        Assert.Null(prefill.Arg("--disaggregation-ib-device"));
        Assert.Contains(prefill.Engine().VolumeMounts, m => m.MountPath == "/models" && m.ReadOnlyProperty == true);
    }

    [Fact]
    public void Vllm_gets_tensor_parallel_size_and_a_NixlConnector_kv_transfer_config()
    {
        var manifests = ManifestRenderer.Render("llama", Plans.Spec(engine: "vllm"), Plans.Qwen72B, Plans.CrossNodeA100(out _, out _), new RenderOptions());

        var prefill = manifests.Pod("llama-prefill-0");
        Assert.Equal(["vllm", "serve", "qwen2.5-72b"], prefill.Engine().Command.Take(3));
        Assert.Equal("2", prefill.Arg("--tensor-parallel-size"));
        using var config = JsonDocument.Parse(prefill.Arg("--kv-transfer-config")!);
        Assert.Equal("NixlConnector", config.RootElement.GetProperty("kv_connector").GetString());
        Assert.Equal("kv_both", config.RootElement.GetProperty("kv_role").GetString());
        Assert.Equal("5600", prefill.Env("VLLM_NIXL_SIDE_CHANNEL_PORT"));
        Assert.Equal("status.podIP", prefill.Engine().Env.Single(e => e.Name == "VLLM_NIXL_SIDE_CHANNEL_HOST").ValueFrom.FieldRef.FieldPath);
        Assert.Equal("mlx5_1:1", prefill.Env("UCX_NET_DEVICES"));
        Assert.Null(manifests.Pairs[0].BootstrapPort);
    }


    [Fact]
    public void Sglang_has_no_nccl_kv_backend_and_says_so()
    {
        Assert.NotNull(EngineCommands.Unsupported("sglang", "nccl"));
        Assert.Null(EngineCommands.Unsupported("sglang", "nixl"));
        Assert.NotNull(EngineCommands.Unsupported("tensorrt", "nixl"));
        Assert.Throws<NotSupportedException>(() => ManifestRenderer.Render("qwen", Plans.Spec(backend: "nccl"), Plans.Qwen72B, Plans.SameNodeH20(out _), new RenderOptions()));
    }

    [Fact]
    public void Vllm_with_mooncake_declares_and_sets_the_mooncake_bootstrap_port_not_the_nixl_side_channel()
    {
        var manifests = ManifestRenderer.Render("llama", Plans.Spec(engine: "vllm", backend: "mooncake"), Plans.Qwen72B, Plans.CrossNodeA100(out _, out _), new RenderOptions());

        var prefill = manifests.Pod("llama-prefill-0");
        var port = Assert.Single(prefill.Engine().Ports, p => p.Name != "http");
        var service = manifests.Objects.OfType<V1Service>().Single(s => s.Metadata.Name == "llama-pair-0");

        Assert.Equal(("mooncake", 8998), (port.Name, port.ContainerPort));
        Assert.Equal("8998", prefill.Env("VLLM_MOONCAKE_BOOTSTRAP_PORT"));
        Assert.Null(prefill.Env("VLLM_NIXL_SIDE_CHANNEL_PORT"));
        Assert.Contains(service.Spec.Ports, p => p.Name == "mooncake" && p.Port == 8998);
    }
}
