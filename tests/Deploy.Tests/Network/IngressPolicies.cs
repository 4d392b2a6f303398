using System.Globalization;
using ControlPlane.Deploy.Tests.Composition;
using k8s.Models;

namespace ControlPlane.Deploy.Tests.Network;

/// <summary>
/// Whether the ingress NetworkPolicies of a manifest set let one pod open a TCP connection to another, as the
/// NetworkPolicy API defines it: a pod selected by no Ingress policy accepts everything; a selected pod accepts a
/// connection that at least one rule of one selecting policy allows (peer and port). Peers by podSelector and/or
/// namespaceSelector; ipBlock peers match no pod. Named ports and matchExpressions are refused (deploy/ uses neither).
/// </summary>
public sealed class IngressPolicies(IReadOnlyList<V1NetworkPolicy> policies)
{
    public static IngressPolicies Of(ManifestSet set) => new([.. set.OfType<V1NetworkPolicy>()]);

    public bool Allows(PodIdentity from, PodIdentity to, int port)
    {
        var selecting = policies.Where(p => p.Namespace() == to.Namespace && (p.Spec.PolicyTypes ?? ["Ingress"]).Contains("Ingress") && Matches(p.Spec.PodSelector, to.Labels)).ToList();
        return selecting.Count == 0 || selecting.Any(p => (p.Spec.Ingress ?? []).Any(rule => PeerAllowed(rule, p.Namespace(), from) && PortAllowed(rule, port)));
    }

    private static bool PeerAllowed(V1NetworkPolicyIngressRule rule, string policyNamespace, PodIdentity from) =>
        rule.FromProperty is null or { Count: 0 } || rule.FromProperty.Any(peer => peer switch
        {
            { IpBlock: not null } => false,
            { NamespaceSelector: null, PodSelector: { } pods } => from.Namespace == policyNamespace && Matches(pods, from.Labels),
            { NamespaceSelector: { } namespaces, PodSelector: null } => Matches(namespaces, from.NamespaceLabels),
            { NamespaceSelector: { } namespaces, PodSelector: { } pods } => Matches(namespaces, from.NamespaceLabels) && Matches(pods, from.Labels),
            _ => false,
        });

    private static bool PortAllowed(V1NetworkPolicyIngressRule rule, int port) =>
        rule.Ports is null or { Count: 0 } || rule.Ports.Any(p =>
            (p.Protocol ?? "TCP") == "TCP"
            && (p.Port is null || Number(p.Port) == port || (p.EndPort is { } end && Number(p.Port) <= port && port <= end)));

    private static int Number(IntOrString port) =>
        int.TryParse(port.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new Xunit.Sdk.XunitException($"named port '{port.Value}' in a NetworkPolicy");

    private static bool Matches(V1LabelSelector selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector.MatchExpressions is { Count: > 0 })
        {
            throw new Xunit.Sdk.XunitException("matchExpressions in a NetworkPolicy selector");
        }

        return (selector.MatchLabels ?? new Dictionary<string, string>()).All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value);
    }
}
