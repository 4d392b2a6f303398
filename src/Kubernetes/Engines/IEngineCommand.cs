using ControlPlane.Wire.Deployments;
using k8s.Models;

namespace ControlPlane.Kubernetes;

/// <summary>One inference engine's command line and ports for a prefill or decode replica.</summary>
internal interface IEngineCommand
{
    string Engine { get; }

    /// <summary>OpenAI-compatible HTTP port (also the readiness probe's).</summary>
    int HttpPort { get; }

    /// <summary>
    /// The port the KV hand-off is negotiated on with <paramref name="transferBackend"/>, as the engine listens on it
    /// (SGLang's bootstrap server; vLLM's NIXL side channel, or its Mooncake bootstrap server), and its port name.
    /// </summary>
    EnginePort KvPort(string transferBackend);

    /// <summary>Null when the engine can use this KV transfer backend, else the reason in words.</summary>
    string? Unsupported(string transferBackend);

    IList<string> Command(ReplicaContext replica);

    IEnumerable<V1EnvVar> Env(ReplicaContext replica);

    /// <summary>The engine's prefill/decode router listening on <paramref name="port"/>, given every pair's URLs.</summary>
    IList<string> RouterCommand(IReadOnlyList<RenderedPair> pairs, string transferBackend, int port);

    string RouterImage(DeploymentSpec spec, RenderOptions options);
}
