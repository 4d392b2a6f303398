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

    /// <summary>
    /// <paramref name="affinity"/> (or none) with <c>key In [value]</c> added to every required term: node selector terms
    /// are ORed, their expressions ANDed, so the requirement must be in each.
    /// </summary>
    public static V1Affinity WithRequirement(V1Affinity? affinity, string key, string value)
    {
        var requirement = new V1NodeSelectorRequirement { Key = key, OperatorProperty = "In", Values = [value] };
        affinity ??= new V1Affinity();
        affinity.NodeAffinity ??= new V1NodeAffinity();
        affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution ??= new V1NodeSelector { NodeSelectorTerms = [] };
        var terms = affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms;
        if (terms.Count == 0)
        {
            terms.Add(new V1NodeSelectorTerm { MatchExpressions = [requirement] });
        }

        foreach (var term in terms)
        {
            term.MatchExpressions ??= [];
            if (!term.MatchExpressions.Contains(requirement))
            {
                term.MatchExpressions.Add(requirement);
            }
        }

        return affinity;
    }
}
