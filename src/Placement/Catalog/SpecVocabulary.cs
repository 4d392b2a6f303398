namespace ControlPlane.Placement;

/// <summary>The words a deployment spec may use, as its JSON spells them.</summary>
internal static class SpecVocabulary
{
    public static readonly string[] Engines = ["sglang", "vllm"];
    public static readonly string[] TransferBackends = ["nixl", "mooncake", "nccl"];
    public static readonly string[] TransferPolicies = ["require-nvlink", "prefer-nvlink", "allow-rdma", "allow-tcp"];
    public static readonly string[] Spreads = ["node", "rack", "nic-rail", "tray"];
    public static readonly string[] Bindings = ["exact-visible-devices", "dra"];

    public static TransferPolicy ParsePolicy(string? policy) => policy switch
    {
        "require-nvlink" => TransferPolicy.RequireNvlink,
        "allow-rdma" => TransferPolicy.AllowRdma,
        "allow-tcp" => TransferPolicy.AllowTcp,
        _ => TransferPolicy.PreferNvlink,
    };

    public static SpreadDomain ParseSpread(string? spread) => spread switch
    {
        "rack" => SpreadDomain.Rack,
        "nic-rail" => SpreadDomain.NicRail,
        "tray" => SpreadDomain.Tray,
        _ => SpreadDomain.Node,
    };
}

/// <summary>Which KV paths a deployment accepts. TCP is only ever chosen under <see cref="AllowTcp"/>.</summary>
internal enum TransferPolicy
{
    /// <summary>Only same-node pairs whose every prefill GPU is NVLinked to every decode GPU.</summary>
    RequireNvlink,

    /// <summary>Any non-TCP path, NVLink first.</summary>
    PreferNvlink,

    /// <summary>Same as <see cref="PreferNvlink"/>: any non-TCP path, best first.</summary>
    AllowRdma,

    /// <summary>Any path; TCP only as the last resort.</summary>
    AllowTcp,
}

/// <summary>The failure domain multi-pair deployments are spread over.</summary>
internal enum SpreadDomain
{
    Node,
    Rack,

    /// <summary>Different nodes and, for cross-node pairs, different NIC rails (device names) where possible.</summary>
    NicRail,

    /// <summary>
    /// Each pair's prefill and decode on two different nodes (the compute trays of a GB200/GB300 NVL72 rack): one tray
    /// failing takes one replica, not the pair; with an NVLink domain the pair still moves its KV cache over NVLink.
    /// Pairs spread over trays as <see cref="Node"/> spreads them over nodes.
    /// </summary>
    Tray,
}
