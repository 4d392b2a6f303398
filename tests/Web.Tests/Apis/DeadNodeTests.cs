using System.Net;
using System.Net.Http.Json;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Web.Apis;
using ControlPlane.Wire.Deployments;
using Xunit.Abstractions;

namespace ControlPlane.Web.Tests.Apis;

/// <summary>
/// https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination-forced: the API server keeps a
/// deleted pod until its kubelet confirms it stopped; a dead node's kubelet never does. A fixture of its own: the test
/// moves the control plane's clock past the grace period, which would force-delete other tests' terminating pods.
/// With the resync only: nothing changes in the cluster for a watch to see.
/// </summary>
public sealed class DeadNodeTests(DeploymentClusterFixture fixture, ITestOutputHelper output) : IClassFixture<DeploymentClusterFixture>
{
    private const string Ns = DeploymentClusterFixture.Ns;

    private RunningControlPlane Plane => fixture.Plane;

    private FakeKubernetesApiServer Cluster => fixture.Cluster;

    [Fact]
    public async Task Pods_left_terminating_on_a_dead_node_are_force_deleted_after_their_grace_period_and_the_pair_is_placed_again()
    {
        var nodes = await Plane.ReportNodesAsync("rec-deadnode", NodeTemplates.H20, 1);
        using (var put = await Plane.PutDeploymentAsync("deadnode", DeploymentCalls.Spec("rec-deadnode", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1)))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        Cluster.Kubelet.Run(Ns, "deadnode-prefill-0");
        Cluster.Kubelet.Run(Ns, "deadnode-decode-0");
        await StatusAsync(DeploymentStatus.Running);
        Cluster.Kubelet.StopNode(nodes[0]);

        // Another transfer policy re-places the pair under the same names: the old pods must go first.
        using (var change = await Plane.PutDeploymentAsync("deadnode", DeploymentCalls.Spec("rec-deadnode", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, policy: "allow-tcp")))
        {
            Assert.Equal(HttpStatusCode.Accepted, change.StatusCode);
        }

        var stuck = await Eventually.Until(ViewAsync, v => v!.Removing.SelectMany(p => p.Pods).Count(p => p.Terminating) == 2);
        output.WriteLine($"old pods terminating on a dead node -> {stuck!.Status}: {stuck.Message}");
        Assert.Equal(0, Cluster.Kubelet.TerminateAll(Ns, "deadnode-"));
        Assert.Throws<InvalidOperationException>(() => Cluster.Kubelet.Terminate(Ns, "deadnode-prefill-0"));
        Assert.Empty(ForcedDeletes());

        Plane.Clock.Advance(Cluster.PodGracePeriod + TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(10));
        var replaced = await StatusAsync(DeploymentStatus.Applying, v => v.Pairs.Length == 1);
        output.WriteLine($"force-deleted -> {replaced.Status}: {replaced.Message}");
        Assert.Equal(["deadnode-decode-0", "deadnode-prefill-0"], ForcedDeletes().Order(StringComparer.Ordinal));
        Assert.Equal(PairState.Bound, replaced.Pairs[0].State);
        Assert.Equal("allow-tcp", replaced.Spec.TransferPolicy);
        var pods = Cluster.Stored("/api/v1/namespaces/inference/pods").Where(p => p["metadata"]!["name"]!.GetValue<string>().StartsWith("deadnode-", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p => Assert.Null(p["metadata"]!["deletionTimestamp"]));
    }

    private string[] ForcedDeletes() =>
        [.. Cluster.Requests.Where(r => r.Method == "DELETE" && r.Query.GetValueOrDefault("gracePeriodSeconds") == "0")
            .Select(r => r.Path[(r.Path.LastIndexOf('/') + 1)..]).Where(n => n.StartsWith("deadnode-", StringComparison.Ordinal))];

    private async Task<DeploymentView> StatusAsync(DeploymentStatus status, Func<DeploymentView, bool>? also = null)
    {
        var view = await Eventually.Until(ViewAsync, v => v?.Status == status && (also?.Invoke(v) ?? true));
        Assert.Equal(status, view?.Status);
        return view!;
    }

    private async Task<DeploymentView?> ViewAsync()
    {
        using var client = Plane.Client();
        using var response = await client.GetAsync(new Uri("/api/v1/deployments/deadnode", UriKind.Relative));
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.Content.ReadFromJsonAsync<DeploymentView>(ApiJson.Options);
    }
}
