using ControlPlane.Diagnostics.Nccl.Parsing;

namespace ControlPlane.Diagnostics.Nccl.Findings.EnvSettings;

/// <summary>
/// The NCCL variables the diagnosis knows, by what they restrict or redirect. A variable set by environment
/// that is not here is still reported (<c>env-in-force</c>), so nothing NCCL printed is hidden.
/// </summary>
internal static class NcclVariables
{
    private const string RemoveIt = "Remove it from the environment (the job spec, the image's ENV, /etc/nccl.conf or ~/.nccl.conf).";

    public static IReadOnlyList<NcclVariable> All { get; } =
    [
        new("NCCL_P2P_DISABLE", EnvEffect.DisablesP2p,
            "disables the P2P transport: GPUs cannot copy to each other directly over NVLink or PCIe",
            "Remove NCCL_P2P_DISABLE from the environment; if P2P crashed, fix GPU visibility and IPC sharing instead.",
            FindingCodes.P2pDisabledByEnv)
        {
            Bad = (setting, _) => setting.Value == "0" ? null
                : new(FindingSeverity.Warning, "Same-node ranks can only use SHM or the network."),
        },
        new("NCCL_P2P_LEVEL", EnvEffect.LimitsP2pLevel,
            "limits P2P to GPUs at most that far apart (LOC: never, NVL: NVLink only, PIX/PXB: PCIe switch, PHB, SYS: always)",
            "Unset NCCL_P2P_LEVEL so NCCL picks P2P from the topology (set NVL or wider only to work around a known PCIe P2P bug).",
            FindingCodes.P2pLevelLimitedByEnv)
        {
            Restricts = (value, _) => !Is(value, "SYS"),
            Bad = (setting, _) => Is(setting.Value, "LOC") || setting.Value == "0"
                ? new(FindingSeverity.Warning, "LOC means P2P is never used, not even over NVLink.")
                : null,
        },
        new("NCCL_SHM_DISABLE", EnvEffect.DisablesShm,
            "disables the shared-memory transport: ranks on one node cannot fall back to /dev/shm and, without P2P, go over the network",
            "Remove NCCL_SHM_DISABLE and share /dev/shm between the ranks (hostIPC: true or one pod).",
            FindingCodes.ShmDisabledByEnv)
        {
            Bad = (setting, _) => setting.Value == "0" ? null : new(FindingSeverity.Warning,
                $"Without P2P, same-node traffic goes over NET/Socket (measured {BandwidthTable.TcpLowGBps}-{BandwidthTable.TcpHighGBps} GB/s)."),
        },
        IbDisable("NCCL_IB_DISABLE"),
        IbDisable("NCCL_IBEXT_DISABLE"),
        new("NCCL_NET", EnvEffect.ForcesNet,
            "forces the network NCCL uses between nodes",
            "Unset NCCL_NET (NCCL prefers IB when an RDMA device is usable) or set it to IB; expose the RDMA device to the pods.",
            FindingCodes.NetForcedByEnv)
        {
            Restricts = (value, _) => Is(value, "Socket"),
            Bad = (setting, job) => Is(setting.Value, "Socket")
                ? new(RdmaMatters(job) ? FindingSeverity.Warning : FindingSeverity.Info,
                    "Socket means TCP between nodes even where RDMA NICs are up.")
                : null,
        },
        new("NCCL_MNNVL_ENABLE", EnvEffect.DisablesMnnvl,
            "switches multi-node NVLink on (1), off (0) or to auto (2, the default; src/init.cc:862 of NVIDIA/nccl)",
            "Unset NCCL_MNNVL_ENABLE or set it to 1 on trays of one NVLink domain; fix IMEX instead of turning MNNVL off.",
            FindingCodes.MnnvlDisabledByEnv)
        {
            Restricts = (value, _) => value.Trim() == "0",
            Bad = (setting, job) => setting.Value.Trim() == "0" && job.Ranks.Any(r => r.InFabricDomain == true)
                ? new(FindingSeverity.Warning, "The GPUs are in a multi-node NVLink domain: with MNNVL off, traffic between its trays goes over the NIC.")
                : null,
        },
        new("NCCL_NET_PLUGIN", EnvEffect.ForcesNet,
            "chooses the external network plugin (none: only NCCL's built-in IB and Socket)",
            "Unset NCCL_NET_PLUGIN unless the image's plugin (e.g. for EFA or HPC-X) must be skipped.",
            FindingCodes.NetForcedByEnv)
        {
            Restricts = (value, _) => Is(value, "none"),
        },
        new("NCCL_IB_HCA", EnvEffect.RestrictsHca,
            "restricts the RDMA devices (HCAs) NCCL may open",
            "Name the node's Active RDMA devices (see ibdev2netdev / the node's NICs) or unset NCCL_IB_HCA.",
            FindingCodes.IbHcaUnmatched)
        {
            Restricts = (value, job) => OpenedRdma(job) is { } opened && !opened.Any(NameList.Parse(value).Admits),
            Bad = UnopenedHcas,
        },
        new("NCCL_SOCKET_IFNAME", EnvEffect.RestrictsInterfaces,
            "restricts the network interfaces bootstrap and NET/Socket may use",
            "Name an interface the pods have (e.g. eth0), or a prefix list NCCL can match; unset it to let NCCL choose.",
            FindingCodes.SocketIfnameUnmatched)
        {
            Restricts = (_, _) => false,
            Bad = UnmatchedInterfaces,
        },
        GdrLevel("NCCL_NET_GDR_LEVEL"),
        GdrLevel("NCCL_IB_GDR_LEVEL"),
        new("NCCL_NET_GDR_READ", EnvEffect.LimitsGdr,
            "switches GPUDirect RDMA reads (the NIC reading send buffers from GPU memory) on or off",
            "Unset NCCL_NET_GDR_READ unless the platform's PCIe topology makes GPUDirect reads slow.",
            FindingCodes.GdrLimitedByEnv) { Restricts = (value, _) => value == "0" },
        new("NCCL_IB_CUDA_SUPPORT", EnvEffect.LimitsGdr,
            "switches GPUDirect RDMA on or off (legacy variable)",
            "Remove NCCL_IB_CUDA_SUPPORT (NCCL_NET_GDR_LEVEL replaced it) and load nvidia-peermem or use DMA-BUF.",
            FindingCodes.GdrLimitedByEnv)
        {
            Restricts = (value, _) => value == "0",
            Bad = (setting, _) => setting.Value == "0" ? new(FindingSeverity.Warning, "GPUDirect RDMA is off.") : null,
        },
        Forced("NCCL_ALGO", "algorithms", FindingCodes.AlgoForcedByEnv),
        Forced("NCCL_PROTO", "protocols", FindingCodes.ProtoForcedByEnv),
        new("NCCL_DEBUG", EnvEffect.Logging,
            "sets how much NCCL logs (WARN, INFO, TRACE)",
            "Use NCCL_DEBUG=INFO (or WARN) in production: TRACE logs every call and slows every collective.",
            FindingCodes.DebugTraceEnabled)
        {
            Restricts = (_, _) => false,
            Bad = (setting, job) => Is(setting.Value, "TRACE")
                ? new(FindingSeverity.Warning, $"TRACE logs every call ({job.Facts.TraceLines:N0} TRACE lines here) and slows every collective.")
                : null,
        },
        new("NCCL_TOPO_FILE", EnvEffect.OverridesTopology,
            "replaces the topology NCCL detects with a file's (a wrong file hides NVLink, NICs or PCIe switches)",
            "Check that the file describes this node (or unset NCCL_TOPO_FILE to let NCCL detect it).",
            FindingCodes.TopologyOverriddenByEnv) { Restricts = (_, _) => true },
        new("NCCL_GRAPH_FILE", EnvEffect.OverridesTopology,
            "replaces the rings and trees NCCL would search with a file's",
            "Unset NCCL_GRAPH_FILE unless the file was made on this node type.",
            FindingCodes.TopologyOverriddenByEnv) { Restricts = (_, _) => true },
        Info("NCCL_NVLS_ENABLE", EnvEffect.DisablesNvls, "switches NVLink SHARP (NVLS) collectives on or off; off is harmless on nodes without NVSwitch"),
        Info("NCCL_CUMEM_ENABLE", EnvEffect.Tuning, "switches cuMem on or off (off: P2P uses legacy CUDA IPC handles)"),
        Info("NCCL_CROSS_NIC", EnvEffect.Tuning, "lets rings leave a node through another NIC than they entered by (1); keep 0 or 2 on rail-optimized fabrics"),
        Info("NCCL_DEBUG_SUBSYS", EnvEffect.Logging, "selects which NCCL subsystems log"),
        Info("NCCL_DEBUG_FILE", EnvEffect.Logging, "sends NCCL's log to a file"),
        Info("NCCL_MAX_NCHANNELS", EnvEffect.LimitsChannels, "caps the channels per communicator (fewer channels, less bandwidth)"),
        Info("NCCL_MIN_NCHANNELS", EnvEffect.LimitsChannels, "raises the minimum channels per communicator"),
        Info("NCCL_MAX_CTAS", EnvEffect.LimitsChannels, "caps the CTAs (channels) per collective"),
        Info("NCCL_MIN_CTAS", EnvEffect.LimitsChannels, "raises the minimum CTAs per collective"),
        Info("NCCL_COLLNET_ENABLE", EnvEffect.Tuning, "enables in-network reductions (SHARP) where the fabric has them"),
        Info("NCCL_SOCKET_FAMILY", EnvEffect.RestrictsInterfaces, "restricts bootstrap and NET/Socket to IPv4 or IPv6"),
        Info("NCCL_SOCKET_NTHREADS", EnvEffect.Tuning, "sets NET/Socket's helper threads per connection"),
        Info("NCCL_NSOCKS_PERTHREAD", EnvEffect.Tuning, "sets NET/Socket's sockets per helper thread"),
        Info("NCCL_IB_GID_INDEX", EnvEffect.Tuning, "picks the RoCE GID (address) NCCL uses"),
        Info("NCCL_IB_TC", EnvEffect.Tuning, "sets the InfiniBand traffic class"),
        Info("NCCL_IB_SL", EnvEffect.Tuning, "sets the InfiniBand service level"),
        Info("NCCL_IB_TIMEOUT", EnvEffect.Tuning, "sets the InfiniBand verbs timeout"),
        Info("NCCL_IB_RETRY_CNT", EnvEffect.Tuning, "sets the InfiniBand retry count"),
        Info("NCCL_IB_QPS_PER_CONNECTION", EnvEffect.Tuning, "sets the queue pairs per connection"),
        Info("NCCL_BUFFSIZE", EnvEffect.Tuning, "sets the buffer size per channel"),
        Info("NCCL_NTHREADS", EnvEffect.Tuning, "sets the CUDA threads per block"),
        Info("NCCL_COMM_ID", EnvEffect.None, "sets the bootstrap root's address"),
        Info("NCCL_LAUNCH_MODE", EnvEffect.Tuning, "sets how kernels of a group are launched"),
    ];

    private static readonly Dictionary<string, NcclVariable> ByName = All.ToDictionary(v => v.Name, StringComparer.Ordinal);

    public static NcclVariable? Find(string name) => ByName.GetValueOrDefault(name);

    private static NcclVariable IbDisable(string name) =>
        new(name, EnvEffect.DisablesRdma,
            "disables InfiniBand / RoCE: traffic between nodes cannot use RDMA and goes over TCP sockets",
            $"Remove {name} so cross-node traffic uses RDMA (and pin the NIC with NCCL_IB_HCA).",
            FindingCodes.IbDisabledByEnv)
        {
            Bad = (setting, job) => setting.Value == "0" ? null : RdmaMatters(job)
                ? new(FindingSeverity.Warning, "The job needs RDMA: its ranks span nodes, or the node has Active InfiniBand ports.")
                : new(FindingSeverity.Info, "Harmless while every rank shares one node, but cross-node traffic would use TCP."),
        };

    private static NcclVariable GdrLevel(string name) =>
        new(name, EnvEffect.LimitsGdr,
            "limits GPUDirect RDMA to NICs at most that far from the GPU (LOC: never, PIX, PXB, PHB, SYS: always)",
            $"Unset {name} so NCCL uses GPUDirect RDMA wherever the topology allows (load nvidia-peermem or use DMA-BUF).",
            FindingCodes.GdrLimitedByEnv)
        {
            Restricts = (value, _) => !Is(value, "SYS"),
            Bad = (setting, _) => Is(setting.Value, "LOC") || setting.Value == "0"
                ? new(FindingSeverity.Warning, "LOC means GPUDirect RDMA is never used: every transfer is staged through host memory.")
                : null,
        };

    private static NcclVariable Forced(string name, string what, string code) =>
        new(name, EnvEffect.ForcesTuning,
            $"forces the collective {what} instead of NCCL's tuner",
            $"Remove {name} unless it works around a known NCCL bug: a forced choice is slower on other sizes and topologies.",
            code)
        {
            Restricts = (_, _) => false,
            Bad = (setting, _) => new(FindingSeverity.Warning, $"Every collective is limited to {setting.Value}."),
        };

    private static NcclVariable Info(string name, EnvEffect effect, string what) =>
        new(name, effect, what, RemoveIt) { Restricts = (_, _) => false };

    private static bool Is(string value, string expected) => string.Equals(value.Trim(), expected, StringComparison.OrdinalIgnoreCase);

    private static bool RdmaMatters(JobView job) => job.MultiNode || job.Context?.HasActiveIbPorts == true;

    /// <summary>The RDMA devices NCCL opened, or null when the log does not say (no NET/IB line).</summary>
    private static IReadOnlyCollection<string>? OpenedRdma(JobView job) =>
        job.Facts.RdmaDevices.Count > 0 || job.Ranks.Any(r => r.RdmaDeviceFound == false) ? job.Facts.RdmaDevices : null;

    private static Verdict? UnopenedHcas(EnvSetting setting, JobView job)
    {
        if (OpenedRdma(job) is not { } opened)
        {
            return null;
        }

        var unopened = NameList.Parse(setting.Value).Unmatched(opened);
        if (unopened.Count == 0)
        {
            return null;
        }

        var seen = opened.Count == 0 ? "NCCL opened no RDMA device" : "NCCL opened only " + string.Join(", ", opened.Order(StringComparer.Ordinal));
        var noDevice = job.Ranks.Select(r => r.NoRdmaDeviceEvidence).OfType<Evidence>().Take(1).ToList();
        return new(FindingSeverity.Warning, $"It names {string.Join(", ", unopened)}, which the log never opened ({seen}).", noDevice);
    }

    private static Verdict? UnmatchedInterfaces(EnvSetting setting, JobView job)
    {
        if (job.Facts.NoSocketInterfaceEvidence is { } none)
        {
            return new(FindingSeverity.Warning, "NCCL found no interface matching it.", [none]);
        }

        var known = job.Facts.Interfaces;
        var list = NameList.Parse(setting.Value);
        return known.Count > 0 && !known.Any(list.Admits)
            ? new(FindingSeverity.Warning,
                $"It matches none of the interfaces the log names ({string.Join(", ", known.Order(StringComparer.Ordinal))}).")
            : null;
    }
}
