using k8s.Models;

namespace ControlPlane.Kubernetes;

/// <summary>
/// One PodDisruptionBudget per deployment. The pods have no controller, for which Kubernetes only honours an integer
/// <c>minAvailable</c>; it is every pod, so a drain waits until the control plane has placed a replacement pair and
/// removed the old one (a half-evicted pair serves nothing).
/// </summary>
internal static class DisruptionBudgetRenderer
{
    public static V1PodDisruptionBudget Render(string deployment, int pods, RenderOptions options, IReadOnlyDictionary<string, string>? labels) => new()
    {
        ApiVersion = "policy/v1",
        Kind = "PodDisruptionBudget",
        Metadata = new V1ObjectMeta
        {
            Name = ResourceNames.DisruptionBudget(deployment),
            NamespaceProperty = options.Namespace,
            Labels = ObjectLabels.For(deployment, labels),
        },
        Spec = new V1PodDisruptionBudgetSpec
        {
            MinAvailable = pods,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [ControlPlaneLabels.Deployment] = deployment } },
        },
    };
}
