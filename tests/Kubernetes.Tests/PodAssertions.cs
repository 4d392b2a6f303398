using k8s;
using k8s.Models;

namespace ControlPlane.Kubernetes.Tests;

public static class PodAssertions
{
    public static V1Pod Pod(this RenderedManifests manifests, string name) =>
        manifests.Objects.OfType<V1Pod>().Single(p => p.Metadata.Name == name);

    public static V1Container Engine(this V1Pod pod) => pod.Spec.Containers.Single(c => c.Name == ResourceNames.EngineContainer);

    public static string? Env(this V1Pod pod, string name) => pod.Engine().Env.SingleOrDefault(e => e.Name == name)?.Value;

    public static IList<string> Added(this V1Pod pod) => pod.Engine().SecurityContext?.Capabilities?.Add ?? [];

    public static string? Arg(this V1Pod pod, string flag)
    {
        var command = pod.Engine().Command;
        var at = command.IndexOf(flag);
        return at < 0 ? null : command[at + 1];
    }

    public static IEnumerable<string> ResourceNamesRequested(this V1Pod pod) =>
        (pod.Engine().Resources?.Limits?.Keys ?? []).Concat(pod.Engine().Resources?.Requests?.Keys ?? []);

    public static List<T> OfKind<T>(this RenderedManifests manifests) where T : IKubernetesObject => [.. manifests.Objects.OfType<T>()];
}
