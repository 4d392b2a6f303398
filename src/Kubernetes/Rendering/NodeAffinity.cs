using k8s.Models;

namespace ControlPlane.Kubernetes;

internal static class NodeAffinity
{
    public const string HostnameLabel = "kubernetes.io/hostname";

    /// <summary>Required affinity to one node by its hostname label (the scheduler still runs, e.g. to allocate DRA claims).</summary>
    public static V1Affinity RequiredHostname(string node) => new()
    {
        NodeAffinity = new V1NodeAffinity
        {
            RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
            {
                NodeSelectorTerms =
                [
                    new V1NodeSelectorTerm
                    {
                        MatchExpressions = [new V1NodeSelectorRequirement { Key = HostnameLabel, OperatorProperty = "In", Values = [node] }],
                    },
                ],
            },
        },
    };
}
