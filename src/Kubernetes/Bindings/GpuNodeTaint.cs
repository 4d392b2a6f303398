using k8s.Models;

namespace ControlPlane.Kubernetes;

/// <summary>
/// The taint GPU nodes commonly carry (<c>nvidia.com/gpu:NoSchedule</c>: GPU Operator and cloud GPU node pools), so that
/// only GPU workloads land there. Every engine pod tolerates it, whatever binds its GPUs: without it a pod pinned to a
/// tainted node stays Pending.
/// </summary>
internal static class GpuNodeTaint
{
    public static V1Toleration Toleration() => new() { Key = "nvidia.com/gpu", OperatorProperty = "Exists", Effect = "NoSchedule" };
}
