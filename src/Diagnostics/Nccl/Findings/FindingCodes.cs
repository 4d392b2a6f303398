namespace ControlPlane.Diagnostics;

/// <summary>The stable codes of <see cref="Finding.Code"/>; callers and alerts key on them.</summary>
public static class FindingCodes
{
    public const string GpuIsolation = "gpu-isolation";
    public const string IpcNotShared = "ipc-not-shared";
    public const string P2pDisabledByEnv = "p2p-disabled-by-env";
    public const string ShmDisabledByEnv = "shm-disabled-by-env";
    public const string IbDisabledByEnv = "ib-disabled-by-env";
    public const string TcpFallback = "tcp-fallback";
    public const string NoRdmaDevice = "no-rdma-device";
    public const string CudaFailure = "cuda-failure";
    public const string VersionMismatch = "version-mismatch";
    public const string WatchdogTimeout = "watchdog-timeout";

    /// <summary>NCCL found multi-node NVLink available but IMEX refused fabric memory (no channel in the pod, or the daemon).</summary>
    public const string MnnvlImexUnavailable = "mnnvl-imex-unavailable";

    /// <summary>The GPUs are in one NVLink domain across nodes, yet the communicator runs with MNNVL off.</summary>
    public const string MnnvlNotUsed = "mnnvl-not-used";
    public const string NvlsBindFailed = "nvls-bind-failed";
    public const string MnnvlDisabledByEnv = "mnnvl-disabled-by-env";

    // NCCL settings (src/Diagnostics/Nccl/Findings/EnvSettings/NcclVariables.cs): each names the setting and its line.
    public const string P2pLevelLimitedByEnv = "p2p-level-limited-by-env";
    public const string NetForcedByEnv = "net-forced-by-env";
    public const string IbHcaUnmatched = "ib-hca-unmatched";
    public const string SocketIfnameUnmatched = "socket-ifname-unmatched";
    public const string GdrLimitedByEnv = "gdr-limited-by-env";
    public const string AlgoForcedByEnv = "algo-forced-by-env";
    public const string ProtoForcedByEnv = "proto-forced-by-env";
    public const string DebugTraceEnabled = "debug-trace-enabled";
    public const string TopologyOverriddenByEnv = "topology-overridden-by-env";

    /// <summary>Any other NCCL variable set by environment (known and harmless here, or unknown): info, so nothing is hidden.</summary>
    public const string EnvInForce = "env-in-force";
}
