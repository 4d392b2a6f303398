using k8s.Models;

namespace ControlPlane.Kubernetes;

/// <summary>
/// The Mooncake transfer engine's protocol and device for one replica, from the wire its pair was placed on. Mooncake
/// defaults to RDMA with device auto-discovery and fails to initialise where there is no HCA, so the choice is always
/// rendered:
/// <list type="bullet">
/// <item>across nodes on RDMA: <c>rdma</c> on the NIC the placement chose;</item>
/// <item>the <c>tcp</c> tier: <c>tcp</c>;</item>
/// <item>one node: <c>nvlink_intra</c> where the image's Mooncake was built with <c>USE_INTRA_NVLINK=ON</c>
/// (<see cref="RenderOptions.MooncakeIntraNodeNvlink"/>; the published wheels are not), else <c>tcp</c>.</item>
/// </list>
/// vLLM's MooncakeConnector takes them from <c>kv_connector_extra_config</c> (<c>mooncake_protocol</c>, <c>device_name</c>:
/// vLLM docs/features/mooncake_connector_usage.md). SGLang has no protocol flag; Mooncake itself reads <c>MC_FORCE_TCP</c>
/// and <c>MC_INTRANODE_NVLINK</c> (mooncake-common's Environ; the transfer engine's transport selection), and SGLang's
/// <c>--disaggregation-ib-device</c> names the HCA.
/// </summary>
internal sealed record MooncakeTransport(string Protocol, string? Device)
{
    public const string Rdma = "rdma";
    public const string Tcp = "tcp";
    public const string IntraNodeNvlink = "nvlink_intra";

    public static MooncakeTransport For(ReplicaContext replica) =>
        replica.Tcp ? new(Tcp, null)
        : replica.SameNode ? new(replica.Options.MooncakeIntraNodeNvlink ? IntraNodeNvlink : Tcp, null)
        : replica.Self.Nic is { Length: > 0 } nic ? new(Rdma, nic)
        : new(Tcp, null);

    /// <summary>The environment that makes Mooncake itself take this protocol whatever the engine passes it.</summary>
    public IEnumerable<V1EnvVar> Env() => Protocol switch
    {
        Tcp => [new V1EnvVar { Name = "MC_FORCE_TCP", Value = "1" }],
        IntraNodeNvlink => [new V1EnvVar { Name = "MC_INTRANODE_NVLINK", Value = "1" }],
        _ => [],
    };
}
