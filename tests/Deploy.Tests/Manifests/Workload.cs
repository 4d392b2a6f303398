using ControlPlane.Deploy.Tests.Composition;
using k8s.Models;

namespace ControlPlane.Deploy.Tests.Manifests;

/// <summary>A Deployment, StatefulSet or DaemonSet of a manifest set, with the pods it makes.</summary>
public sealed record Workload(string Kind, string Namespace, string Name, V1PodTemplateSpec Template)
{
    public V1PodSpec Pod => Template.Spec;

    public IDictionary<string, string> PodLabels => Template.Metadata.Labels;

    public V1Container Container(string name) => Pod.Containers.Single(c => c.Name == name);

    public override string ToString() => $"{Kind} {Namespace}/{Name}";

    public static IReadOnlyList<Workload> In(ManifestSet set) =>
    [
        .. set.OfType<V1Deployment>().Select(d => new Workload("Deployment", d.Namespace(), d.Name(), d.Spec.Template)),
        .. set.OfType<V1StatefulSet>().Select(s => new Workload("StatefulSet", s.Namespace(), s.Name(), s.Spec.Template)),
        .. set.OfType<V1DaemonSet>().Select(d => new Workload("DaemonSet", d.Namespace(), d.Name(), d.Spec.Template)),
    ];

    public static Workload Named(ManifestSet set, string name) => In(set).Single(w => w.Name == name);
}
