namespace ControlPlane.Deploy.Tests.Network;

/// <summary>A pod as NetworkPolicies see it: its namespace (and that namespace's labels) and its labels.</summary>
public sealed record PodIdentity(string Namespace, IReadOnlyDictionary<string, string> NamespaceLabels, IReadOnlyDictionary<string, string> Labels, string Description)
{
    public override string ToString() => Description;
}
