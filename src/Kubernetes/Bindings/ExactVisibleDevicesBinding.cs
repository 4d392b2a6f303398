using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;
using k8s;
using k8s.Models;

namespace ControlPlane.Kubernetes;

/// <summary>
/// The field fix for "each container sees only its own GPUs" (docs/architecture.md, the measured isolation table).
/// <list type="bullet">
/// <item>No <c>nvidia.com/gpu</c> request: the device plugin would hand the pod "any N" GPUs and hide the others, which is
/// exactly the isolation that forces NCCL/UCX onto sockets (3.8 GB/s instead of 296 GB/s). The NodeGrain, not the
/// kubelet, owns which GPU is whose, so these nodes must be managed by the control plane (the device plugin off, or
/// its GPUs kept away from other workloads).</item>
/// <item>Every device node visible through the NVIDIA container runtime: <c>runtimeClassName: nvidia</c> with
/// <c>NVIDIA_VISIBLE_DEVICES=all</c>. Chosen over <c>privileged: true</c> + hostPath <c>/dev</c> because it injects
/// the driver libraries too and leaves every other isolation (capabilities, seccomp, read-only /sys) in place. The
/// runtime must accept the variable from unprivileged pods (the toolkit's default,
/// <c>accept-nvidia-visible-devices-envvar-when-unprivileged = true</c>).</item>
/// <item><c>CUDA_VISIBLE_DEVICES</c> then picks the pod's own GPUs by host index = device minor, in the placement's order
/// (rank 0 on the first), with <c>CUDA_DEVICE_ORDER=PCI_BUS_ID</c> so CUDA numbers devices as the host does.</item>
/// <item>Pinned with <c>nodeName</c>: the control plane already chose and reserved the GPUs, and the scheduler could
/// not account for GPUs that are not requested anyway.</item>
/// </list>
/// </summary>
internal sealed class ExactVisibleDevicesBinding : IGpuBinding
{
    public BindingStrategy Strategy => BindingStrategy.ExactVisibleDevices;

    public IEnumerable<IKubernetesObject> PairObjects(string deployment, PairUnit unit, PairPlacement pair, RenderOptions options, IReadOnlyDictionary<string, string>? labels) => [];

    public void Bind(V1Pod pod, V1Container engine, ReplicaContext replica)
    {
        pod.Spec.NodeName = replica.Self.Node;
        pod.Spec.RuntimeClassName = replica.Options.RuntimeClassName;
        pod.Spec.Tolerations = [GpuNodeTaint.Toleration()];

        var visible = replica.Options.CudaVisibleDevicesBy == CudaDeviceSelector.Minor && replica.Self.GpuMinors is { } minors
            ? string.Join(',', minors)
            : string.Join(',', replica.Self.GpuUuids);
        engine.Env.Add(new V1EnvVar { Name = "NVIDIA_VISIBLE_DEVICES", Value = "all" });
        engine.Env.Add(new V1EnvVar { Name = "NVIDIA_DRIVER_CAPABILITIES", Value = "compute,utility" });
        engine.Env.Add(new V1EnvVar { Name = "CUDA_DEVICE_ORDER", Value = "PCI_BUS_ID" });
        engine.Env.Add(new V1EnvVar { Name = "CUDA_VISIBLE_DEVICES", Value = visible });
    }
}
