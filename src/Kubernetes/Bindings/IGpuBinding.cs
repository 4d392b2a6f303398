using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;
using k8s;
using k8s.Models;

namespace ControlPlane.Kubernetes;

/// <summary>A way of giving pods their exact GPUs: objects per pair (claims) and what each pod gets.</summary>
internal interface IGpuBinding
{
    BindingStrategy Strategy { get; }

    IEnumerable<IKubernetesObject> PairObjects(string deployment, PairUnit unit, PairPlacement pair, RenderOptions options, IReadOnlyDictionary<string, string>? labels);

    void Bind(V1Pod pod, V1Container engine, ReplicaContext replica);
}

internal static class GpuBindings
{
    public static IGpuBinding For(BindingStrategy strategy) =>
        strategy == BindingStrategy.Dra ? new DraBinding() : new ExactVisibleDevicesBinding();
}
