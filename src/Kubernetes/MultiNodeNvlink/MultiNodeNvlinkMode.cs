namespace ControlPlane.Kubernetes;

/// <summary>
/// How a pair placed across two trays of one multi-node NVLink domain (tier <c>nvlink-domain</c>) is given the path
/// (<c>ControlPlane:Kubernetes:MultiNodeNvlink</c>).
/// </summary>
public enum MultiNodeNvlinkMode
{
    /// <summary>
    /// NVIDIA's DRA driver (github.com/NVIDIA/k8s-dra-driver-gpu) with ComputeDomains: one <c>ComputeDomain</c> per pair,
    /// whose IMEX channel (a ResourceClaimTemplate the driver's controller creates) both pods claim. Without an IMEX
    /// channel in the pod, CUDA cannot import the peer tray's memory and NCCL refuses MNNVL (src/mnnvl.cc:74 of NVIDIA/nccl).
    /// </summary>
    ComputeDomain,

    /// <summary>
    /// No DRA: both pods get a required node affinity on the GPU Operator's <c>nvidia.com/gpu.clique</c> label
    /// (<c>{cluster UUID}.{clique id}</c>), so neither runs outside the clique; the nodes must provide IMEX channels
    /// themselves (a host IMEX daemon and <c>/dev/nvidia-caps-imex-channels</c>).
    /// </summary>
    CliqueAffinity,
}
