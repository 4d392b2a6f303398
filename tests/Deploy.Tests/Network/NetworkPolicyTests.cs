using ControlPlane.Deploy.Tests.Composition;
using ControlPlane.Deploy.Tests.Manifests;
using k8s.Models;

namespace ControlPlane.Deploy.Tests.Network;

public class NetworkPolicyTests
{
    private const int SiloPort = 11111;
    private const int GatewayPort = 30000;
    private const int RedisPort = 6379;
    private const int WebPort = 8080;

    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public void Every_namespace_with_pods_denies_all_ingress_by_default(string folder)
    {
        var set = ManifestSet.Compose(folder);

        Assert.All(Workload.In(set).Select(w => w.Namespace).Distinct(), ns =>
            Assert.Contains(set.OfType<V1NetworkPolicy>(), p =>
                p.Namespace() == ns && p.Spec.PodSelector.MatchLabels is null or { Count: 0 } && p.Spec.PodSelector.MatchExpressions is null
                && p.Spec.PolicyTypes.Contains("Ingress") && p.Spec.Ingress is null or { Count: 0 }));
    }

    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public void Only_web_front_ends_reach_the_silo_gateway_and_only_silos_the_silo_port(string folder)
    {
        var (policies, pods) = Load(folder);

        Assert.True(policies.Allows(pods.Web, pods.Silo, GatewayPort));
        Assert.True(policies.Allows(pods.Silo, pods.Silo, SiloPort));
        Assert.All([pods.Agent, pods.Redis, pods.Outsider, pods.InferencePod], other =>
        {
            Assert.False(policies.Allows(other, pods.Silo, GatewayPort), $"{other} reaches the silo gateway");
            Assert.False(policies.Allows(other, pods.Silo, SiloPort), $"{other} reaches the silo port");
        });
        Assert.False(policies.Allows(pods.Web, pods.Silo, ControlPlane.Silo.Hosting.KubernetesPodHosting.ReadyPort));
    }

    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public void Only_silos_and_web_front_ends_reach_redis(string folder)
    {
        var (policies, pods) = Load(folder);

        Assert.True(policies.Allows(pods.Silo, pods.Redis, RedisPort));
        Assert.True(policies.Allows(pods.Web, pods.Redis, RedisPort));
        Assert.All([pods.Agent, pods.Outsider, pods.InferencePod], other => Assert.False(policies.Allows(other, pods.Redis, RedisPort), $"{other} reaches Redis"));
    }

    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public void Agents_and_operators_reach_web_on_its_http_port_only_and_nobody_reaches_an_agent(string folder)
    {
        var (policies, pods) = Load(folder);

        Assert.True(policies.Allows(pods.Agent, pods.Web, WebPort));
        Assert.True(policies.Allows(pods.Outsider, pods.Web, WebPort));
        Assert.False(policies.Allows(pods.Outsider, pods.Web, GatewayPort));
        Assert.All([pods.Web, pods.Silo, pods.Outsider], other => Assert.False(policies.Allows(other, pods.Agent, 9000), $"{other} reaches an agent"));
    }

    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public void The_ports_the_policies_open_are_the_ports_the_containers_listen_on(string folder)
    {
        var set = ManifestSet.Compose(folder);
        var silo = Workload.Named(set, "controlplane-silo").Container("silo");
        var web = Workload.Named(set, "controlplane-web").Container("web");
        var redis = Workload.Named(set, "redis").Container("redis");

        Assert.Equal([SiloPort, GatewayPort, ControlPlane.Silo.Hosting.KubernetesPodHosting.ReadyPort], silo.Ports.Select(p => p.ContainerPort));
        Assert.Equal((SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture), GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture)), (silo.Value("ControlPlane__Silo__Port"), silo.Value("ControlPlane__Silo__GatewayPort")));
        Assert.Equal([WebPort], web.Ports.Select(p => p.ContainerPort));
        Assert.Equal($"http://+:{WebPort}", web.Value("ASPNETCORE_URLS"));
        Assert.Equal([RedisPort], redis.Ports.Select(p => p.ContainerPort));
    }

    [Fact]
    public void A_pod_no_policy_selects_accepts_everything_and_a_selected_one_only_what_a_rule_allows()
    {
        var ns = new Dictionary<string, string>();
        var a = new PodIdentity("n", ns, new Dictionary<string, string> { ["app"] = "a" }, "a");
        var b = new PodIdentity("n", ns, new Dictionary<string, string> { ["app"] = "b" }, "b");
        var onlyA = new V1NetworkPolicy
        {
            Metadata = new V1ObjectMeta { Name = "b", NamespaceProperty = "n" },
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "b" } },
                PolicyTypes = ["Ingress"],
                Ingress = [new V1NetworkPolicyIngressRule { FromProperty = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "a" } } }], Ports = [new V1NetworkPolicyPort { Port = 80 }] }],
            },
        };

        Assert.True(new IngressPolicies([]).Allows(b, a, 1));
        var policies = new IngressPolicies([onlyA]);
        Assert.True(policies.Allows(a, b, 80));
        Assert.False(policies.Allows(a, b, 81));
        Assert.False(policies.Allows(b, b, 80));
        Assert.True(policies.Allows(b, a, 81));
    }

    private static (IngressPolicies Policies, Pods Pods) Load(string folder)
    {
        var set = ManifestSet.Compose(folder);
        var namespaces = set.OfType<V1Namespace>().ToDictionary(n => n.Name(), n => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(n.Labels()) { ["kubernetes.io/metadata.name"] = n.Name() });
        PodIdentity Of(string workload)
        {
            var w = Workload.Named(set, workload);
            return new PodIdentity(w.Namespace, namespaces[w.Namespace], w.PodLabels.AsReadOnly(), w.ToString());
        }

        var outsider = new PodIdentity("ingress-nginx", new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "ingress-nginx" }, new Dictionary<string, string> { ["app"] = "ingress" }, "a pod in another namespace");
        var inference = new PodIdentity("inference", namespaces["inference"], new Dictionary<string, string> { ["controlplane.io/deployment"] = "qwen" }, "an inference pod");
        return (IngressPolicies.Of(set), new Pods(Of("controlplane-silo"), Of("controlplane-web"), Of("redis"), Of("cp-agent"), outsider, inference));
    }

    private sealed record Pods(PodIdentity Silo, PodIdentity Web, PodIdentity Redis, PodIdentity Agent, PodIdentity Outsider, PodIdentity InferencePod);
}
