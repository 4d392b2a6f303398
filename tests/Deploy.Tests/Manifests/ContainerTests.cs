using ControlPlane.Deploy.Tests.Composition;
using k8s.Models;

namespace ControlPlane.Deploy.Tests.Manifests;

public class ContainerTests
{
    public static IEnumerable<(Workload Workload, V1Container Container)> Containers(string folder) =>
        Workload.In(ManifestSet.Compose(folder)).SelectMany(w => w.Pod.Containers.Select(c => (w, c)));

    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public void Every_container_requests_cpu_and_memory_and_is_limited_in_memory(string folder) =>
        Assert.All(Containers(folder), x =>
        {
            var requests = x.Container.Resources?.Requests ?? new Dictionary<string, ResourceQuantity>();
            var limits = x.Container.Resources?.Limits ?? new Dictionary<string, ResourceQuantity>();
            Assert.True(requests.ContainsKey("cpu") && requests.ContainsKey("memory"), $"{x.Workload} {x.Container.Name}: no cpu and memory requests");
            Assert.True(limits.ContainsKey("memory"), $"{x.Workload} {x.Container.Name}: no memory limit");
            Assert.True(limits["memory"].ToDecimal() >= requests["memory"].ToDecimal(), $"{x.Workload} {x.Container.Name}: memory limit below its request");
        });

    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public void Every_container_has_a_liveness_probe_and_every_served_one_a_readiness_probe(string folder) =>
        Assert.All(Containers(folder), x =>
        {
            Assert.True(x.Container.LivenessProbe is not null, $"{x.Workload} {x.Container.Name}: no liveness probe");
            // The agent serves nothing (no Service selects it, it has no ports): readiness would gate no traffic.
            if (x.Workload.Kind != "DaemonSet")
            {
                Assert.True(x.Container.ReadinessProbe is not null, $"{x.Workload} {x.Container.Name}: no readiness probe");
            }
        });

    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public void Probes_reach_ports_the_container_declares(string folder) =>
        Assert.All(Containers(folder), x =>
        {
            var ports = (x.Container.Ports ?? []).SelectMany(p => new[] { p.Name, p.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture) }).ToHashSet();
            foreach (var probe in new[] { x.Container.LivenessProbe, x.Container.ReadinessProbe, x.Container.StartupProbe }.OfType<V1Probe>())
            {
                var port = probe.HttpGet?.Port.Value ?? probe.TcpSocket?.Port.Value;
                Assert.True(port is null || ports.Contains(port), $"{x.Workload} {x.Container.Name}: a probe targets port {port}, which the container does not declare");
            }
        });

    [Fact]
    public void Web_probes_the_health_endpoint_the_web_front_end_serves()
    {
        var web = Workload.Named(ManifestSet.Compose(DeployFolders.Base), "controlplane-web").Container("web");
        var source = File.ReadAllText(RepositoryPaths.Of("src/Web/Hosting/ControlPlaneApp.cs"));

        Assert.Equal("/healthz", web.ReadinessProbe.HttpGet.Path);
        Assert.Equal("/healthz", web.LivenessProbe.HttpGet.Path);
        Assert.Contains("app.MapGet(\"/healthz\"", source, StringComparison.Ordinal);
    }
}
