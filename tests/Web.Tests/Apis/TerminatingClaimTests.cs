using System.Net;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Web.Tests.Failover;
using ControlPlane.Wire.Deployments;
using Xunit.Abstractions;

namespace ControlPlane.Web.Tests.Apis;

/// <summary>
/// A DRA pair placed again under the same names meets its predecessor's ResourceClaims while their finalizer still holds
/// them (https://kubernetes.io/docs/concepts/overview/working-with-objects/finalizers/). The API server accepts an apply
/// onto a claim being deleted, but that claim goes with its finalizer: the control plane applies no pods against it,
/// says which claim it waits for, and retries until a new claim can be created. A fixture of its own: claims get the
/// DRA driver's delete-protection finalizer here.
/// </summary>
public sealed class TerminatingClaimTests(DeploymentClusterFixture fixture, ITestOutputHelper output) : IClassFixture<DeploymentClusterFixture>
{
    private const string Ns = DeploymentClusterFixture.Ns;

    private RunningControlPlane Plane => fixture.Plane;

    private FakeKubernetesApiServer Cluster => fixture.Cluster;

    [Fact(Timeout = 60_000)]
    public async Task A_pair_placed_again_waits_for_its_old_claims_to_be_gone_then_creates_new_ones()
    {
        Cluster.ProtectClaims = true;
        await Plane.ReportNodesAsync("rec-claims", NodeTemplates.H20, 1);
        using (var put = await Plane.PutDeploymentAsync("claims", Spec("prefer-nvlink")))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        // One node: both engines share one claim of the pair's GPUs.
        var claims = Cluster.Stored($"/apis/resource.k8s.io/v1/namespaces/{Ns}/resourceclaims");
        Assert.Single(claims);
        var firstUids = claims.Select(c => c["metadata"]!["uid"]!.GetValue<string>()).ToHashSet();

        // Another policy moves the pair: its pods go (the kubelet confirms), its claims stay behind their finalizer.
        using (var change = await Plane.PutDeploymentAsync("claims", Spec("allow-tcp")))
        {
            Assert.Equal(HttpStatusCode.Accepted, change.StatusCode);
        }

        await Eventually.Until(() => Task.FromResult(Cluster.Kubelet.TerminateAll(Ns, "claims-")), _ => !Cluster.Stored($"/api/v1/namespaces/{Ns}/pods").Any(IsOurs));
        var waiting = await Eventually.Until(() => Plane.DeploymentAsync("claims"), v => v.Status == DeploymentStatus.ApplyFailed);
        output.WriteLine($"old claims terminating -> {waiting.Status}: {waiting.Message}");
        Assert.Contains("is still being deleted (finalizers: resource.kubernetes.io/delete-protection)", waiting.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Cluster.Stored($"/api/v1/namespaces/{Ns}/pods"), IsOurs);

        // The DRA driver lets go: the old claims go, the retry creates new claims and then the pods.
        foreach (var claim in Cluster.Stored($"/apis/resource.k8s.io/v1/namespaces/{Ns}/resourceclaims"))
        {
            Assert.True(Cluster.RemoveFinalizer($"/apis/resource.k8s.io/v1/namespaces/{Ns}/resourceclaims/{claim["metadata"]!["name"]!.GetValue<string>()}", FakeKubernetesApiServer.ClaimDeleteProtection));
        }

        var applied = await Eventually.Until(() => Plane.DeploymentAsync("claims"), v => v.Status == DeploymentStatus.Applying && v.Pairs.Length == 1);
        output.WriteLine($"old claims gone -> {applied.Status}: {applied.Message}");
        var renewed = Assert.Single(Cluster.Stored($"/apis/resource.k8s.io/v1/namespaces/{Ns}/resourceclaims"));
        Assert.Null(renewed["metadata"]!["deletionTimestamp"]);
        Assert.DoesNotContain(renewed["metadata"]!["uid"]!.GetValue<string>(), firstUids);
        Assert.Equal(2, Cluster.Stored($"/api/v1/namespaces/{Ns}/pods").Count(IsOurs));
    }

    private static bool IsOurs(System.Text.Json.Nodes.JsonObject pod) =>
        pod["metadata"]!["name"]!.GetValue<string>().StartsWith("claims-", StringComparison.Ordinal);

    private static object Spec(string policy) => new
    {
        model = "llama-3.1-8b", engine = "sglang",
        image = new { name = "lmsysorg/sglang:v0.5.4-cu124", computeCapabilities = new[] { "8.0", "9.0" }, cuda = "12.4" },
        prefill = new { tp = 1 }, decode = new { tp = 1 }, pairs = 1, transferBackend = "nixl", transferPolicy = policy, pool = "rec-claims", binding = "dra",
    };
}
