using k8s;
using k8s.Models;

namespace ControlPlane.Kubernetes;

/// <summary>YAML through KubernetesClient's own serializer, one document per object, and back.</summary>
public static class ManifestYaml
{
    /// <summary>
    /// KubernetesClient maps <c>resource.k8s.io/v1 ResourceClaim</c> to <c>Resourcev1ResourceClaim</c> only when told
    /// (the core <c>V1ResourceClaim</c> name is a pod's container claim); this map adds it, and NVIDIA's ComputeDomain, to the built-in ones.
    /// </summary>
    public static readonly IDictionary<string, Type> Types = new Dictionary<string, Type>
    {
        ["resource.k8s.io/v1/ResourceClaim"] = typeof(Resourcev1ResourceClaim),
        [$"{ComputeDomain.KubeApiVersion}/{ComputeDomain.KubeKind}"] = typeof(ComputeDomain),
    };

    public static string Serialize(IEnumerable<IKubernetesObject> objects) =>
        string.Join("---\n", objects.Select(o => KubernetesYaml.Serialize(o).TrimEnd('\n') + "\n"));

    public static List<object> Load(string yaml) => KubernetesYaml.LoadAllFromString(yaml, Types);
}
