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
}
