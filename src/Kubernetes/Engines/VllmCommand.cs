using System.Globalization;
using System.Text.Json;
using ControlPlane.Wire.Deployments;
using k8s.Models;

namespace ControlPlane.Kubernetes;

/// <summary>
/// vLLM PD disaggregation through a KV connector (<c>vllm serve … --kv-transfer-config {...}</c>). NixlConnector is
/// symmetric (<c>kv_role: kv_both</c> on both sides, as vLLM's NixlConnector guide runs it; the proxy decides who
/// prefills) and negotiates on the NIXL side channel (<c>VLLM_NIXL_SIDE_CHANNEL_HOST/PORT</c>); MooncakeConnector takes
/// <c>kv_producer</c> (prefill) / <c>kv_consumer</c> (decode) and negotiates on its bootstrap server. NIXL's UCX transport
/// takes its NIC from <c>UCX_NET_DEVICES</c>, which the RDMA wiring sets. MooncakeConnector reads its protocol and device
/// from <c>kv_connector_extra_config</c> (<c>mooncake_protocol</c>, <c>device_name</c>), set from
/// <see cref="MooncakeTransport"/>.
/// </summary>
internal sealed class VllmCommand : IEngineCommand
{
    public const int DefaultHttpPort = 8000;
    public const int DefaultSideChannelPort = 5600;

    public string Engine => "vllm";

    public int HttpPort => DefaultHttpPort;

    /// <summary>
    /// vLLM's Mooncake bootstrap server (<c>VLLM_MOONCAKE_BOOTSTRAP_PORT</c>, default 8998, vLLM's
    /// docs/features/mooncake_connector_usage.md; each TP worker of a node takes the next port up), or the NIXL side
    /// channel (<c>VLLM_NIXL_SIDE_CHANNEL_PORT</c>).
    /// </summary>
    public const int DefaultMooncakeBootstrapPort = 8998;

    public EnginePort KvPort(string transferBackend) => transferBackend == "mooncake"
        ? new EnginePort("mooncake", DefaultMooncakeBootstrapPort)
        : new EnginePort("nixl", DefaultSideChannelPort);

    public string? Unsupported(string transferBackend) => transferBackend switch
    {
        "nixl" or "mooncake" => null,
        _ => $"The renderer drives vLLM through NixlConnector or MooncakeConnector; '{transferBackend}' is not rendered.",
    };

    public IList<string> Command(ReplicaContext replica)
    {
        if (Unsupported(replica.Spec.TransferBackend) is { } reason)
        {
            throw new NotSupportedException(reason);
        }

        return
        [
            "vllm", "serve", replica.ModelPath,
            "--served-model-name", replica.Model.Id,
            "--host", "0.0.0.0",
            "--port", HttpPort.ToString(CultureInfo.InvariantCulture),
            "--tensor-parallel-size", replica.Tp.ToString(CultureInfo.InvariantCulture),
            "--kv-transfer-config", KvTransferConfig(replica),
        ];
    }

    public static string KvTransferConfig(ReplicaContext replica)
    {
        if (replica.Spec.TransferBackend != "mooncake")
        {
            return JsonSerializer.Serialize(new Dictionary<string, string> { ["kv_connector"] = "NixlConnector", ["kv_role"] = "kv_both" });
        }

        var transport = MooncakeTransport.For(replica);
        var extra = new Dictionary<string, string> { ["mooncake_protocol"] = transport.Protocol };
        if (transport.Device is { } device)
        {
            extra["device_name"] = device;
        }

        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["kv_connector"] = "MooncakeConnector",
            ["kv_role"] = replica.Role == ReplicaRole.Prefill ? "kv_producer" : "kv_consumer",
            ["kv_connector_extra_config"] = extra,
        });
    }

    /// <summary>
    /// With mooncake, Mooncake's own environment too: its Python binding uses the protocol vLLM passes only to choose a
    /// memory allocator and then discovers transports itself (RDMA whenever it sees an HCA), so only <c>MC_FORCE_TCP</c>
    /// / <c>MC_INTRANODE_NVLINK</c> make it take what the placement chose.
    /// </summary>
    public IEnumerable<V1EnvVar> Env(ReplicaContext replica) => replica.Spec.TransferBackend == "mooncake"
        ? [new V1EnvVar { Name = "VLLM_MOONCAKE_BOOTSTRAP_PORT", Value = DefaultMooncakeBootstrapPort.ToString(CultureInfo.InvariantCulture) }, .. MooncakeTransport.For(replica).Env()]
        :
        [
            new V1EnvVar { Name = "VLLM_NIXL_SIDE_CHANNEL_HOST", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "status.podIP" } } },
            new V1EnvVar { Name = "VLLM_NIXL_SIDE_CHANNEL_PORT", Value = DefaultSideChannelPort.ToString(CultureInfo.InvariantCulture) },
        ];

    /// <summary>
    /// vLLM's router (github.com/vllm-project/router, a fork of SGLang's, README and docs/model-routing/pd-disaggregation.md):
    /// <c>vllm-router --vllm-pd-disaggregation --kv-connector nixl|mooncake --prefill URL … --decode URL … --host 0.0.0.0
    /// --port PORT</c> (flags as in the router's src/main.rs: <c>--kv-connector</c> defaults to nixl and is stated here so
    /// the YAML says which). With NIXL the router needs only the URLs: the engines meet on the NIXL side channel the
    /// prefill's response names. vLLM's own docs
    /// (docs/features/nixl_connector_usage.md) show only a test proxy, <c>tests/v1/kv_connector/nixl_integration/toy_proxy_server.py</c>,
    /// which no vLLM package ships.
    /// </summary>
    public IList<string> RouterCommand(IReadOnlyList<RenderedPair> pairs, string transferBackend, int port)
    {
        var args = new List<string> { "vllm-router", "--vllm-pd-disaggregation", "--kv-connector", transferBackend == "mooncake" ? "mooncake" : "nixl" };

        foreach (var pair in pairs)
        {
            args.AddRange(["--prefill", pair.PrefillUrl]);
        }

        foreach (var pair in pairs)
        {
            args.AddRange(["--decode", pair.DecodeUrl]);
        }

        args.AddRange(["--host", "0.0.0.0", "--port", port.ToString(CultureInfo.InvariantCulture)]);
        return args;
    }

    public string RouterImage(DeploymentSpec spec, RenderOptions options) => options.VllmRouterImage;
}
