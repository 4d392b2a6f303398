using ControlPlane.Wire.Deployments;
using k8s;
using k8s.Models;

namespace ControlPlane.Kubernetes;

/// <summary>Small helpers over KubernetesClient objects: references, the pair an object belongs to, pod status.</summary>
internal static class KubernetesObjects
{
    /// <summary>The unit of the <c>controlplane.io/pair</c> label; null for deployment-wide objects (router, budget).</summary>
    public static PairUnit? UnitOf(IKubernetesObject o) =>
        o is IMetadata<V1ObjectMeta> { Metadata.Labels: { } labels } ? UnitOf(labels) : null;

    private static PairUnit? UnitOf(IDictionary<string, string> labels) =>
        labels.TryGetValue(ControlPlaneLabels.Pair, out var label) ? PairUnit.FromLabel(label) : null;

    public static ObjectRef Ref(IKubernetesObject o) => o is IMetadata<V1ObjectMeta> m
        ? new ObjectRef(o.Kind, m.Metadata.NamespaceProperty ?? "", m.Metadata.Name)
        : new ObjectRef(o.Kind, "", "");

    public static ReplicaPodStatus Status(V1Pod pod)
    {
        var labels = pod.Metadata.Labels ?? new Dictionary<string, string>();
        labels.TryGetValue(ControlPlaneLabels.Role, out var role);
        var containers = pod.Status?.ContainerStatuses ?? [];
        var waiting = containers.Select(c => c.State?.Waiting?.Reason).FirstOrDefault(r => r is not null);
        var unscheduled = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled" && c.Status == "False");
        return new ReplicaPodStatus
        {
            Name = pod.Metadata.Name,
            Unit = UnitOf(labels)?.Name,
            Pair = UnitOf(labels) is { IsSpare: false } unit ? unit.Number : null,
            Role = role,
            Node = pod.Spec?.NodeName,
            Phase = pod.Status?.Phase ?? "Pending",
            Ready = pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") ?? false,
            Reason = waiting ?? unscheduled?.Message ?? pod.Status?.Reason,
            Restarts = containers.Sum(c => c.RestartCount),
        };
    }
}
