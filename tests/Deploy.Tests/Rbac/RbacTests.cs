using ControlPlane.Deploy.Tests.Composition;
using ControlPlane.Deploy.Tests.Manifests;
using k8s.Models;

namespace ControlPlane.Deploy.Tests.Rbac;

public class RbacTests
{
    private const string SiloAccount = "controlplane-silo";

    /// <summary>
    /// What Orleans' Kubernetes hosting (Microsoft.Orleans.Hosting.Kubernetes 10.4.2, KubernetesClusterAgent) calls in
    /// the silos' own namespace: read its pod, list and watch the silos' pods, delete a defunct silo's pod. It also
    /// patches its own pod's orleans/* labels, but only when they are missing, and silo.yaml sets them.
    /// </summary>
    public static readonly Grant[] OrleansHosting =
        [new("", "pods", "get"), new("", "pods", "list"), new("", "pods", "watch"), new("", "pods", "delete")];

    [Fact]
    public async Task The_applier_calls_only_namespaced_apply_list_watch_and_delete_in_its_namespace()
    {
        var used = await ApplierUse.RecordAsync();

        Assert.All(used, u => Assert.Equal(ApplierUse.Namespace, u.Namespace));
        Assert.Equal(
            ["apps/deployments:create", "apps/deployments:delete", "apps/deployments:list", "apps/deployments:patch",
             "core/events:list", "core/pods/log:get", "core/pods:create", "core/pods:delete", "core/pods:list", "core/pods:patch", "core/pods:watch",
             "core/services:create", "core/services:delete", "core/services:list", "core/services:patch",
             "policy/poddisruptionbudgets:create", "policy/poddisruptionbudgets:delete", "policy/poddisruptionbudgets:list", "policy/poddisruptionbudgets:patch",
             "resource.k8s.io/resourceclaims:create", "resource.k8s.io/resourceclaims:delete", "resource.k8s.io/resourceclaims:list", "resource.k8s.io/resourceclaims:patch",
             "resource.nvidia.com/computedomains:create", "resource.nvidia.com/computedomains:delete", "resource.nvidia.com/computedomains:list", "resource.nvidia.com/computedomains:patch"],
            used.Select(u => u.Grant.ToString()).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_method_of_the_applier_is_exercised_when_its_permissions_are_derived() =>
        Assert.Equal(
            typeof(ControlPlane.Kubernetes.IManifestApplier).GetMethods().Where(m => !m.IsSpecialName).Select(m => m.Name).Order(StringComparer.Ordinal),
            ApplierUse.Exercised.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public async Task The_silos_are_granted_in_the_inference_namespace_exactly_what_the_applier_calls(string folder)
    {
        var used = (await ApplierUse.RecordAsync()).Select(u => u.Grant).ToHashSet();

        var granted = GrantsOf(ManifestSet.Compose(folder), SiloAccount, ApplierUse.Namespace);

        Assert.Empty(granted.Except(used).Select(g => g.ToString()));
        Assert.Empty(used.Except(granted).Select(g => g.ToString()));
    }

    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public void The_silos_are_granted_in_their_own_namespace_exactly_what_Orleans_Kubernetes_hosting_calls(string folder)
    {
        var set = ManifestSet.Compose(folder);
        var silo = Workload.Named(set, "controlplane-silo");

        Assert.Equal(SiloAccount, silo.Pod.ServiceAccountName);
        Assert.Equal(OrleansHosting.ToHashSet(), GrantsOf(set, SiloAccount, silo.Namespace));
    }

    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public void Nothing_is_granted_cluster_wide_and_no_other_account_is_granted_anything(string folder)
    {
        var set = ManifestSet.Compose(folder);

        Assert.Empty(set.OfType<V1ClusterRoleBinding>());
        Assert.All(set.OfType<V1RoleBinding>(), b => Assert.All(b.Subjects, s =>
        {
            Assert.Equal(("ServiceAccount", SiloAccount), (s.Kind, s.Name));
            Assert.Equal(Workload.Named(set, "controlplane-silo").Namespace, s.NamespaceProperty);
        }));
        Assert.Equal(["controlplane", "inference"], set.OfType<V1RoleBinding>().Select(b => b.Namespace()).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_rule_with_a_wildcard_is_refused_rather_than_counted()
    {
        var wildcard = new V1PolicyRule { ApiGroups = [""], Resources = ["pods"], Verbs = ["*"] };

        Assert.Throws<Xunit.Sdk.XunitException>(() => Grant.Of(wildcard).ToList());
    }

    /// <summary>Every permission the RoleBindings of <paramref name="ns"/> give the account, through Roles or ClusterRoles.</summary>
    public static IReadOnlySet<Grant> GrantsOf(ManifestSet set, string account, string ns)
    {
        var bindings = set.OfType<V1RoleBinding>()
            .Where(b => b.Namespace() == ns && b.Subjects.Any(s => s.Kind == "ServiceAccount" && s.Name == account));
        return bindings.SelectMany(b => b.RoleRef.Kind switch
        {
            "ClusterRole" => set.OfType<V1ClusterRole>().Single(r => r.Name() == b.RoleRef.Name).Rules,
            "Role" => set.OfType<V1Role>().Single(r => r.Name() == b.RoleRef.Name && r.Namespace() == ns).Rules,
            var other => throw new Xunit.Sdk.XunitException($"RoleBinding {b.Name()} refers to a {other}"),
        }).SelectMany(Grant.Of).ToHashSet();
    }
}
