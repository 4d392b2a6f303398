using k8s.Models;

namespace ControlPlane.Deploy.Tests.Rbac;

/// <summary>One RBAC permission: a verb on a resource of an API group (<c>""</c> is the core group).</summary>
public sealed record Grant(string Group, string Resource, string Verb)
{
    public override string ToString() => $"{(Group.Length == 0 ? "core" : Group)}/{Resource}:{Verb}";

    /// <summary>Every permission a rule grants; wildcards and resource names are refused (deploy/ uses neither).</summary>
    public static IEnumerable<Grant> Of(V1PolicyRule rule)
    {
        string[] all = [.. rule.ApiGroups ?? [], .. rule.Resources ?? [], .. rule.Verbs ?? []];
        if (all.Contains("*") || rule.ResourceNames is { Count: > 0 } || rule.NonResourceURLs is { Count: > 0 })
        {
            throw new Xunit.Sdk.XunitException($"a rule with a wildcard, resourceNames or nonResourceURLs: {string.Join(",", all)}");
        }

        return from g in rule.ApiGroups ?? [] from r in rule.Resources ?? [] from v in rule.Verbs ?? [] select new Grant(g, r, v);
    }
}
