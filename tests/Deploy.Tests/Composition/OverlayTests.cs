using ControlPlane.Deploy.Tests.Manifests;
using k8s.Models;

namespace ControlPlane.Deploy.Tests.Composition;

public class OverlayTests
{
    [Fact]
    public void The_base_runs_two_silos_and_two_web_front_ends_that_apply_in_cluster_without_the_simulator()
    {
        var set = ManifestSet.Compose(DeployFolders.Base);

        Assert.Equal(2, set.OfType<V1Deployment>().Single(d => d.Name() == "controlplane-silo").Spec.Replicas);
        Assert.Equal(2, set.OfType<V1Deployment>().Single(d => d.Name() == "controlplane-web").Spec.Replicas);
        Assert.Equal("true", Workload.Named(set, "controlplane-silo").Container("silo").Value("ControlPlane__Kubernetes__InCluster"));
        Assert.Equal("false", Workload.Named(set, "controlplane-web").Container("web").Value("ControlPlane__Simulator__Enabled"));
    }

    [Fact]
    public void The_embedded_demo_runs_one_plan_only_silo_and_one_web_front_end_with_the_simulated_fleet()
    {
        var set = ManifestSet.Compose(DeployFolders.EmbeddedDemo);

        Assert.Equal(1, set.OfType<V1Deployment>().Single(d => d.Name() == "controlplane-silo").Spec.Replicas);
        Assert.Equal(1, set.OfType<V1Deployment>().Single(d => d.Name() == "controlplane-web").Spec.Replicas);
        Assert.Equal("false", Workload.Named(set, "controlplane-silo").Container("silo").Value("ControlPlane__Kubernetes__InCluster"));
        Assert.Equal("true", Workload.Named(set, "controlplane-web").Container("web").Value("ControlPlane__Simulator__Enabled"));
    }

    [Fact]
    public void Production_runs_three_silos_and_three_web_front_ends_spread_over_nodes_with_larger_requests()
    {
        var production = ManifestSet.Compose(DeployFolders.Production);
        var @base = ManifestSet.Compose(DeployFolders.Base);

        Assert.All(new[] { ("controlplane-silo", "silo"), ("controlplane-web", "web") }, x =>
        {
            Assert.Equal(3, production.OfType<V1Deployment>().Single(d => d.Name() == x.Item1).Spec.Replicas);
            var workload = Workload.Named(production, x.Item1);
            Assert.Contains(workload.Pod.TopologySpreadConstraints, c => c.TopologyKey == "kubernetes.io/hostname" && c.WhenUnsatisfiable == "DoNotSchedule");
            Assert.True(workload.Container(x.Item2).Resources.Requests["memory"].ToDecimal() > Workload.Named(@base, x.Item1).Container(x.Item2).Resources.Requests["memory"].ToDecimal());
        });
        Assert.Equal("20Gi", production.OfType<V1StatefulSet>().Single().Spec.VolumeClaimTemplates[0].Spec.Resources.Requests["storage"].ToString());
    }

    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public void Every_namespaced_object_names_a_namespace_the_manifests_create(string folder)
    {
        var set = ManifestSet.Compose(folder);
        var namespaces = set.OfType<V1Namespace>().Select(n => n.Name()).ToHashSet();
        string[] clusterScoped = ["Namespace", "ClusterRole"];

        Assert.All(set.Objects.Where(o => !clusterScoped.Contains(o.Kind)), o =>
            Assert.True(namespaces.Contains(((IMetadata<V1ObjectMeta>)o).Namespace() ?? ""), $"{o.Kind} {((IMetadata<V1ObjectMeta>)o).Name()} has no namespace of deploy/"));
    }
}
