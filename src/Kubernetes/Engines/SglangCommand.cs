using System.Globalization;
using ControlPlane.Wire.Deployments;
using k8s.Models;

namespace ControlPlane.Kubernetes;

/// <summary>
/// SGLang PD disaggregation (<c>python3 -m sglang.launch_server … --disaggregation-mode prefill|decode</c>). The prefill
/// engine runs the bootstrap server the decode engine and the router contact on <see cref="DefaultBootstrapPort"/>; across nodes
/// on RDMA <c>--disaggregation-ib-device</c> pins the transfer engine to the placed NIC; a mooncake pair off RDMA gets its
/// protocol through Mooncake's environment (<see cref="MooncakeTransport"/>).
/// </summary>
internal sealed class SglangCommand : IEngineCommand
{
    public const int DefaultHttpPort = 30000;
    public const int DefaultBootstrapPort = 8998;

    public string Engine => "sglang";

    public int HttpPort => DefaultHttpPort;

    /// <summary>The prefill engine's bootstrap server, whatever the backend (<c>--disaggregation-bootstrap-port</c>).</summary>
    public EnginePort KvPort(string transferBackend) => new("bootstrap", DefaultBootstrapPort);

    public string? Unsupported(string transferBackend) => transferBackend switch
    {
        "nixl" or "mooncake" => null,
        _ => $"SGLang's --disaggregation-transfer-backend has no '{transferBackend}'; use 'nixl' or 'mooncake'.",
    };

    public IList<string> Command(ReplicaContext replica)
    {
        if (Unsupported(replica.Spec.TransferBackend) is { } reason)
        {
            throw new NotSupportedException(reason);
        }

        var args = new List<string>
        {
            "python3", "-m", "sglang.launch_server",
            "--model-path", replica.ModelPath,
            "--served-model-name", replica.Model.Id,
            "--host", "0.0.0.0",
            "--port", Invariant(HttpPort),
            // The declared flag (server_args.py); "--tp" only works through argparse's prefix matching.
            "--tp-size", Invariant(replica.Tp),
            "--disaggregation-mode", replica.Role.Name(),
            "--disaggregation-transfer-backend", replica.Spec.TransferBackend,
        };
        if (replica.Role == ReplicaRole.Prefill)
        {
            args.AddRange(["--disaggregation-bootstrap-port", Invariant(DefaultBootstrapPort)]);
        }

        var device = replica.Spec.TransferBackend == "mooncake" ? MooncakeTransport.For(replica).Device
            : !replica.SameNode ? replica.Self.Nic : null;
        if (device is { Length: > 0 })
        {
            args.AddRange(["--disaggregation-ib-device", device]);
        }

        return args;
    }

    /// <summary>Mooncake's protocol where it is not RDMA (SGLang passes no protocol of its own).</summary>
    public IEnumerable<V1EnvVar> Env(ReplicaContext replica) =>
        replica.Spec.TransferBackend == "mooncake" ? MooncakeTransport.For(replica).Env() : [];

    /// <summary>
    /// SGLang's router in PD mode, as SGLang v0.5.x documents it (docs/advanced_features/pd_disaggregation.md, "Router
    /// Integration", and router.md, "Prefill/Decode Disaggregation"): <c>python -m sglang_router.launch_router
    /// --pd-disaggregation --prefill URL BOOTSTRAP_PORT … --decode URL … --host 0.0.0.0 --port PORT</c>, one <c>--prefill</c>
    /// (URL and the prefill engine's bootstrap port) and one <c>--decode</c> per pair. The flags are unchanged by the
    /// router's rename to SGLang Model Gateway; the module name <c>sglang_router</c> was kept.
    /// </summary>
    public IList<string> RouterCommand(IReadOnlyList<RenderedPair> pairs, string transferBackend, int port)
    {
        var args = new List<string> { "python3", "-m", "sglang_router.launch_router", "--pd-disaggregation" };
        foreach (var pair in pairs)
        {
            args.AddRange(["--prefill", pair.PrefillUrl, Invariant(pair.BootstrapPort ?? DefaultBootstrapPort)]);
        }

        foreach (var pair in pairs)
        {
            args.AddRange(["--decode", pair.DecodeUrl]);
        }

        args.AddRange(["--host", "0.0.0.0", "--port", Invariant(port)]);
        return args;
    }

    /// <summary>SGLang's images build sgl-router in (docker/Dockerfile), so the engine's own image runs its router.</summary>
    public string RouterImage(DeploymentSpec spec, RenderOptions options) => options.SglangRouterImage ?? spec.Image.Name;

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
