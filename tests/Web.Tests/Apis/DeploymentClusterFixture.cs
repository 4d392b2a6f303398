using ControlPlane.Testing;

namespace ControlPlane.Web.Tests.Apis;

/// <summary>
/// The real control plane configured with a kubeconfig that points at the fake API server, with short resync and
/// retry intervals so the reconciler is seen to act within a test. Each test owns a pool and a deployment name.
/// </summary>
public sealed class DeploymentClusterFixture : IAsyncLifetime
{
    public const string Ns = "inference";

    private string kubeconfig = "";

    public FakeKubernetesApiServer Cluster { get; private set; } = null!;

    public RunningControlPlane Plane { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Cluster = await FakeKubernetesApiServer.StartAsync();
        Cluster.PodGracePeriod = TimeSpan.FromMinutes(10); // pods go when the kubelet helper says so
        kubeconfig = await Cluster.WriteKubeconfigAsync();
        Plane = await RunningControlPlane.StartAsync(
            "--ControlPlane:Auth:ApiKeys:0:Name=ci-operator",
            "--ControlPlane:Auth:ApiKeys:0:Role=operator",
            $"--ControlPlane:Auth:ApiKeys:0:Key={ApiFixture.OperatorKey}",
            $"--ControlPlane:Kubernetes:Kubeconfig={kubeconfig}",
            "--ControlPlane:Deployments:ResyncInterval=00:00:00.100",
            "--ControlPlane:Deployments:ApplyRetryInitial=00:00:00.200",
            "--ControlPlane:Deployments:ApplyRetryMax=00:00:00.500",
            "--ControlPlane:Deployments:DegradedAfter=00:00:30");
    }

    public async Task DisposeAsync()
    {
        await Plane.DisposeAsync();
        await Cluster.DisposeAsync();
        File.Delete(kubeconfig);
    }
}
