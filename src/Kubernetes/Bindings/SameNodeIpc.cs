using k8s.Models;

namespace ControlPlane.Kubernetes;

/// <summary>
/// Same-node pairs: both pods join the host's IPC namespace (<c>hostIPC: true</c>, which also gives them the host's
/// <c>/dev/shm</c>) and get <c>IPC_LOCK</c> to pin the buffers CUDA IPC / UCX register. Measured on 2×H200 NV18
/// (docs/architecture.md): NVLink (P2P/CUMEM, 296 GB/s) needs BOTH every peer GPU visible AND a shared IPC namespace. Visible
/// devices with a private /dev/shm fell back to NET/Socket (4.2 GB/s); a shared /dev/shm with the peer's device node
/// hidden aborted with <c>Cuda failure 101 'invalid device ordinal'</c>. So neither half is rendered without the other:
/// the binding makes the peers visible, this makes the IPC namespace shared, and no private /dev/shm is mounted.
/// </summary>
internal static class SameNodeIpc
{
    public static void Apply(V1Pod pod, V1Container engine)
    {
        pod.Spec.HostIPC = true;
        Capabilities.Add(engine, "IPC_LOCK");
    }
}
