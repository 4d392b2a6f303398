using ControlPlane.Deploy.Tests.Composition;
using ControlPlane.Silo.Hosting;
using k8s.Models;

namespace ControlPlane.Deploy.Tests.Manifests;

public class ConfigurationTests
{
    private const string TlsMount = "/etc/controlplane/tls";

    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public void Silos_and_web_front_ends_read_redis_from_CONTROLPLANE_REDIS_with_the_password_from_its_secret(string folder) =>
        Assert.All(new[] { ("controlplane-silo", "silo"), ("controlplane-web", "web") }, x =>
        {
            var container = Workload.Named(ManifestSet.Compose(folder), x.Item1).Container(x.Item2);

            Assert.Equal(("controlplane-redis", "password"), (container.Env("REDIS_PASSWORD").ValueFrom.SecretKeyRef.Name, container.Env("REDIS_PASSWORD").ValueFrom.SecretKeyRef.Key));
            Assert.EndsWith(",password=$(REDIS_PASSWORD)", container.Value(StorageOptionsVariable), StringComparison.Ordinal);
        });

    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public void Silos_and_web_front_ends_get_the_tls_paths_inside_the_mounted_tls_secret(string folder) =>
        Assert.All(new[] { ("controlplane-silo", "silo"), ("controlplane-web", "web") }, x =>
        {
            var workload = Workload.Named(ManifestSet.Compose(folder), x.Item1);
            var container = workload.Container(x.Item2);

            var mount = Assert.Single(container.VolumeMounts, m => m.MountPath == TlsMount);
            Assert.True(mount.ReadOnlyProperty);
            Assert.Equal("controlplane-tls", workload.Pod.Volumes.Single(v => v.Name == mount.Name).Secret.SecretName);
            Assert.Equal(
                [$"{TlsMount}/tls.crt", $"{TlsMount}/tls.key", $"{TlsMount}/ca.crt"],
                new[] { "ControlPlane__Tls__CertificatePath", "ControlPlane__Tls__KeyPath", "ControlPlane__Tls__CaPath" }.Select(container.Value));
        });

    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public void Silos_name_their_pod_for_Orleans_Kubernetes_hosting_and_carry_the_labels_it_selects_by(string folder)
    {
        var silo = Workload.Named(ManifestSet.Compose(folder), "controlplane-silo");
        var container = silo.Container("silo");

        Assert.Equal("metadata.name", container.Env(KubernetesPodHosting.PodNameVariable).ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.namespace", container.Env(KubernetesPodHosting.PodNamespaceVariable).ValueFrom.FieldRef.FieldPath);
        Assert.Equal("status.podIP", container.Env("POD_IP").ValueFrom.FieldRef.FieldPath);
        Assert.Equal("$(POD_IP)", container.Value("ControlPlane__Silo__AdvertisedIp"));
        Assert.Equal(KubernetesPodHosting.ReadyPort, container.Ports.Single(p => p.Name == container.ReadinessProbe.TcpSocket.Port.Value).ContainerPort);
        var defaults = new SiloOptions();
        Assert.Equal(defaults.ClusterId, silo.PodLabels["orleans/clusterId"]);
        Assert.Equal(defaults.ServiceId, silo.PodLabels["orleans/serviceId"]);
        Assert.DoesNotContain(container.Env, e => e.Name is "ControlPlane__Silo__ClusterId" or "ControlPlane__Silo__ServiceId" or "ORLEANS_CLUSTER_ID" or "ORLEANS_SERVICE_ID");
    }

    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public void A_silo_that_cannot_finish_its_stop_exits_by_itself_before_its_grace_period_ends(string folder)
    {
        var silo = Workload.Named(ManifestSet.Compose(folder), "controlplane-silo");
        var shutdownTimeout = TimeSpan.FromSeconds(int.Parse(silo.Container("silo").Value("shutdownTimeoutSeconds")!, System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(HostExitCodes.StopDeadline(shutdownTimeout) < TimeSpan.FromSeconds(silo.Pod.TerminationGracePeriodSeconds ?? 30));
    }

    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public void The_agent_reports_to_the_web_service_with_its_nodes_token_from_the_mounted_secret(string folder)
    {
        var set = ManifestSet.Compose(folder);
        var agent = Workload.Named(set, "cp-agent");
        var container = agent.Container("cp-agent");
        var web = set.OfType<V1Service>().Single(s => s.Name() == "controlplane-web");
        var args = container.Args.Skip(1).Select(a => a.Split('=', 2)).ToDictionary(a => a[0], a => a[1]);

        Assert.Equal("run", container.Args[0]);
        var cli = string.Concat(Directory.GetFiles(RepositoryPaths.Of("src/Agent/Cli"), "*.cs").Order(StringComparer.Ordinal).Select(File.ReadAllText));
        Assert.All(args.Keys, flag => Assert.Contains($"new(\"{flag}\")", cli, StringComparison.Ordinal));
        Assert.Equal(["--host-root", "--interval", "--node", "--pool", "--server", "--token-file"], args.Keys.Order(StringComparer.Ordinal));
        Assert.Equal($"http://{web.Name()}.{web.Namespace()}.svc.cluster.local:{web.Spec.Ports.Single().Port}", args["--server"]);
        Assert.Equal("$(NODE_NAME)", args["--node"]);
        Assert.Equal("spec.nodeName", container.Env("NODE_NAME").ValueFrom.FieldRef.FieldPath);
        var tokens = container.VolumeMounts.Single(m => args["--token-file"] == $"{m.MountPath}/$(NODE_NAME)");
        Assert.Equal("cp-agent-tokens", agent.Pod.Volumes.Single(v => v.Name == tokens.Name).Secret.SecretName);
        Assert.All(new[] { "/proc", "/sys" }, p => Assert.Contains(container.VolumeMounts, m => m.MountPath == args["--host-root"] + p));
    }

    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public void Web_front_ends_sign_agent_tokens_with_the_cluster_secret_from_its_secret(string folder)
    {
        var secret = Workload.Named(ManifestSet.Compose(folder), "controlplane-web").Container("web").Env("ControlPlane__Auth__TokenSecret");

        Assert.Equal(("controlplane-token-secret", "secret"), (secret.ValueFrom.SecretKeyRef.Name, secret.ValueFrom.SecretKeyRef.Key));
    }

    private const string StorageOptionsVariable = "CONTROLPLANE_REDIS";
}
