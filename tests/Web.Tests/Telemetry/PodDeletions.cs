using ControlPlane.Testing;

namespace ControlPlane.Web.Tests.Telemetry;

/// <summary>Waits for the control plane's DELETE of pods to reach the fake API server (then the kubelet helper may finish them).</summary>
public static class PodDeletions
{
    public static Task DeletedAsync(this FakeKubernetesApiServer cluster, string ns, params string[] pods) =>
        Eventually.Until(
            () => Task.FromResult(cluster.Stored($"/api/v1/namespaces/{ns}/pods").Where(p => pods.Contains(p["metadata"]!["name"]!.GetValue<string>()) && p["metadata"]!["deletionTimestamp"] is not null).Count()),
            deleting => deleting == pods.Length);
}
