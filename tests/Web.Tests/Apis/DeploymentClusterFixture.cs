using ControlPlane.Testing;

namespace ControlPlane.Web.Tests.Apis;

/// <summary>
/// The real control plane configured with a kubeconfig that points at the fake API server, with short resync and
/// retry intervals so the reconciler is seen to act within a test. Each test owns a pool and a deployment name.
/// </summary>
public class DeploymentClusterFixture : IAsyncLifetime
{
    public const string Ns = "inference";

    private string kubeconfig = "";

    public FakeKubernetesApiServer Cluster { get; private set; } = null!;

    public RunningControlPlane Plane { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Cluster = await FakeKubernetesApiServer.StartAsync();
        Cluster.PodGracePeriod = TimeSpan.FromMinutes(10); // pods go when the kubelet helper says so
        kubeconfig = await Cluster.WriteKubeconfigAsync();
        Plane = await RunningControlPlane.StartAsync(
        [
            "--ControlPlane:Auth:ApiKeys:0:Name=ci-operator",
            "--ControlPlane:Auth:ApiKeys:0:Role=operator",
            $"--ControlPlane:Auth:ApiKeys:0:Key={ApiFixture.OperatorKey}",
            $"--ControlPlane:Kubernetes:Kubeconfig={kubeconfig}",
            "--ControlPlane:Deployments:ApplyRetryInitial=00:00:00.200",
            "--ControlPlane:Deployments:ApplyRetryMax=00:00:00.500",
            "--ControlPlane:Deployments:DegradedAfter=00:00:30",
            .. Trigger,
        ]);
    }

    /// <summary>Resync fast (level-triggered); the pod watch is off so the tests see the resync alone do the work.</summary>
    protected virtual string[] Trigger =>
    [
        "--ControlPlane:Deployments:ResyncInterval=00:00:00.100",
        "--ControlPlane:Deployments:Watch=false",
    ];

    public virtual async Task DisposeAsync()
    {
        await Plane.DisposeAsync();
        await Cluster.DisposeAsync();
        File.Delete(kubeconfig);
    }
}

/// <summary>
/// The pod watch on, as in production, and the resync ten minutes apart: whatever a test sees happen within seconds,
/// the pod watch (edge-triggered) did. Retries of a refused apply or delete wait for the resync (nothing changes in the
/// cluster to wake the watch), so tests of those belong to <see cref="DeploymentClusterFixture"/>.
/// </summary>
public class WatchedClusterFixture : DeploymentClusterFixture
{
    protected override string[] Trigger => ["--ControlPlane:Deployments:ResyncInterval=00:10:00", "--ControlPlane:Deployments:Watch=true"];
}
