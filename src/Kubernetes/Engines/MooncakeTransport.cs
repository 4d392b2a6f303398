using k8s.Models;

namespace ControlPlane.Kubernetes;

/// <summary>
/// The Mooncake transfer engine's protocol and device for one replica, from the wire its pair was placed on. Left alone,
/// Mooncake discovers its transport: RDMA on every HCA it sees, TCP when it sees none. A pod that can see an HCA would
/// so take RDMA on the tcp tier, and a same-node pair would loop its KV cache through the NIC; so the choice is rendered:
/// <list type="bullet">
/// <item>across nodes on RDMA: <c>rdma</c> on the NIC the placement chose;</item>
/// <item>the <c>tcp</c> tier: <c>tcp</c>;</item>
/// <item>across two trays of one NVLink domain: <c>nvlink</c> (<see cref="MultiNodeNvlink"/>);</item>
/// <item>one node: <c>nvlink_intra</c> where the image's Mooncake was built with <c>USE_INTRA_NVLINK=ON</c>
/// (<see cref="RenderOptions.MooncakeIntraNodeNvlink"/>; the published wheels are not), else <c>tcp</c>.</item>
/// </list>
/// What makes Mooncake take it is its own environment, <c>MC_FORCE_TCP</c> and <c>MC_INTRANODE_NVLINK</c>
/// (mooncake-common's Environ, read by the transfer engine's transport discovery), for both engines; vLLM's
/// <c>kv_connector_extra_config</c> (<c>mooncake_protocol</c>, <c>device_name</c>: vLLM docs/features/mooncake_connector_usage.md)
/// and SGLang's <c>--disaggregation-ib-device</c> name the protocol and the HCA as those engines document. In a build
/// with <c>USE_INTRA_NVLINK</c> or <c>USE_MNNVL</c>, Mooncake's discovery ignores <c>MC_FORCE_TCP</c> (it takes RDMA
/// where it sees an HCA): with <see cref="RenderOptions.MooncakeIntraNodeNvlink"/> on, the tcp tier is not enforced.
/// </summary>
internal sealed record MooncakeTransport(string Protocol, string? Device)
{
    public const string Rdma = "rdma";
    public const string Tcp = "tcp";
    public const string IntraNodeNvlink = "nvlink_intra";

    /// <summary>
    /// Mooncake's multi-node NVLink protocol (docs/source/getting_started/supported-protocols.md, "NVLink (nvlink)"), built
    /// with <c>USE_MNNVL=ON</c>, as Mooncake's published arm64 CUDA wheels (the Grace trays') are
    /// (.github/workflows/_build-wheel.yaml). Where HCAs are present it is only taken with <c>MC_FORCE_MNNVL</c>; a build
    /// without it logs "NVLink transport was requested but is not compiled in, falling back to RDMA/TCP"
    /// (transfer_engine_impl.cpp), which the wire check then finds slower than placed.
    /// </summary>
    public const string MultiNodeNvlink = "nvlink";

    public static MooncakeTransport For(ReplicaContext replica) =>
        replica.Tcp ? new(Tcp, null)
        : replica.AcrossTrays ? new(MultiNodeNvlink, null)
        : replica.SameNode ? new(replica.Options.MooncakeIntraNodeNvlink ? IntraNodeNvlink : Tcp, null)
        : replica.Self.Nic is { Length: > 0 } nic ? new(Rdma, nic)
        : new(Tcp, null);

    /// <summary>The environment that makes Mooncake itself take this protocol whatever the engine passes it.</summary>
    public IEnumerable<V1EnvVar> Env() => Protocol switch
    {
        Tcp => [new V1EnvVar { Name = "MC_FORCE_TCP", Value = "1" }],
        IntraNodeNvlink => [new V1EnvVar { Name = "MC_INTRANODE_NVLINK", Value = "1" }],
        MultiNodeNvlink => [new V1EnvVar { Name = "MC_FORCE_MNNVL", Value = "true" }],
        _ => [],
    };
}
