namespace ControlPlane.Diagnostics.Nccl.Findings.EnvSettings;

/// <summary>What an NCCL variable restricts or redirects when it is set.</summary>
[Flags]
internal enum EnvEffect
{
    None = 0,

    /// <summary>No P2P transport: no direct GPU-to-GPU copies over NVLink or PCIe.</summary>
    DisablesP2p = 1 << 0,

    /// <summary>P2P only up to a topology distance (<c>LOC</c> = never).</summary>
    LimitsP2pLevel = 1 << 1,

    /// <summary>No shared-memory transport between ranks of one node.</summary>
    DisablesShm = 1 << 2,

    /// <summary>No InfiniBand / RoCE (RDMA) network.</summary>
    DisablesRdma = 1 << 3,

    /// <summary>Picks the network (plugin) NCCL uses instead of letting it choose.</summary>
    ForcesNet = 1 << 4,

    /// <summary>Restricts which RDMA devices (HCAs) NCCL may open.</summary>
    RestrictsHca = 1 << 5,

    /// <summary>Restricts which network interfaces bootstrap and NET/Socket may use.</summary>
    RestrictsInterfaces = 1 << 6,

    /// <summary>Limits or disables GPUDirect RDMA (the NIC reading and writing GPU memory directly).</summary>
    LimitsGdr = 1 << 7,

    /// <summary>Disables NVLink SHARP (NVLS) collectives.</summary>
    DisablesNvls = 1 << 8,

    /// <summary>Forces collective algorithms or protocols instead of NCCL's tuner.</summary>
    ForcesTuning = 1 << 9,

    /// <summary>Replaces the topology or the graphs NCCL would detect and search.</summary>
    OverridesTopology = 1 << 10,

    /// <summary>Caps the number of channels (and so bandwidth).</summary>
    LimitsChannels = 1 << 11,

    /// <summary>Changes what NCCL logs.</summary>
    Logging = 1 << 12,

    /// <summary>Tunes a transport without changing which one is used.</summary>
    Tuning = 1 << 13,

    /// <summary>No multi-node NVLink: trays of one NVLink domain talk over the NIC.</summary>
    DisablesMnnvl = 1 << 14,
}
