namespace ControlPlane.Kubernetes;

/// <summary>What <c>CUDA_VISIBLE_DEVICES</c> lists under exact-visible-devices binding.</summary>
public enum CudaDeviceSelector
{
    /// <summary>
    /// Device minors (<c>/dev/nvidiaN</c>), with <c>CUDA_DEVICE_ORDER=PCI_BUS_ID</c>: the host index of each GPU when every
    /// device node is visible. This is what docs/architecture.md asks for and what the NodeGrain records.
    /// </summary>
    Minor,

    /// <summary>
    /// GPU UUIDs (<c>GPU-…</c>): immune to renumbering when a GPU is hidden or fell off the bus (XID 79), at the cost of
    /// being less readable. DRA binding always uses these, because a claim's devices are renumbered from 0 inside the pod.
    /// </summary>
    Uuid,
}
