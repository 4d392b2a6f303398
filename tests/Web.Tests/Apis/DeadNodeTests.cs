using System.Net;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Web.Tests.Failover;
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
        var nodes = await Plane.ReportNodesAsync("rec-deadnode", NodeTemplates.H20, 2);
        using (var put = await Plane.PutDeploymentAsync("deadnode", DeploymentCalls.Spec("rec-deadnode", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1)))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        Cluster.Kubelet.Run(Ns, "deadnode-prefill-0");
        Cluster.Kubelet.Run(Ns, "deadnode-decode-0");
        var running = await StatusAsync(DeploymentStatus.Running);
        var dead = running.Pairs[0].Placement.Prefill.Node;
        var alive = nodes.Single(n => n != dead);
        // The node dies: its kubelet confirms nothing and its agent stops reporting.
        Cluster.Kubelet.StopNode(dead);

        // Another transfer policy re-places the pair under the same names: the old pods must go first.
        using (var change = await Plane.PutDeploymentAsync("deadnode", DeploymentCalls.Spec("rec-deadnode", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, policy: "allow-tcp")))
        {
            Assert.Equal(HttpStatusCode.Accepted, change.StatusCode);
        }

        var stuck = await Eventually.Until(() => Plane.DeploymentAsync("deadnode"), v => v.Removing.SelectMany(p => p.Pods).Count(p => p.Terminating) == 2);
        output.WriteLine($"old pods terminating on a dead node -> {stuck.Status}: {stuck.Message}");
        Assert.Equal(0, Cluster.Kubelet.TerminateAll(Ns, "deadnode-"));
        Assert.Throws<InvalidOperationException>(() => Cluster.Kubelet.Terminate(Ns, "deadnode-prefill-0"));
        Assert.Empty(ForcedDeletes());

        // Past the grace period and ForceDeleteAfter: the other node reports every 10 s all along, the dead one never.
        for (var (sequence, passed) = (2, TimeSpan.Zero); passed <= PastForceDelete; sequence++, passed += TimeSpan.FromSeconds(10))
        {
            Plane.Clock.Advance(TimeSpan.FromSeconds(10));
            using var report = await Plane.PutProbeAsync(alive, Reports.Steady(alive, sequence) with { Pool = "rec-deadnode", Timestamp = Plane.Clock.GetUtcNow() }, RunningControlPlane.AdminKey);
            Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        }

        var replaced = await StatusAsync(DeploymentStatus.Applying, v => v.Pairs.Length == 1);
        output.WriteLine($"force-deleted -> {replaced.Status}: {replaced.Message}");
        Assert.Equal(["deadnode-decode-0", "deadnode-prefill-0"], ForcedDeletes().Order(StringComparer.Ordinal));
        Assert.Equal(PairState.Bound, replaced.Pairs[0].State);
        Assert.Equal("allow-tcp", replaced.Spec.TransferPolicy);
        Assert.Equal((alive, alive), (replaced.Pairs[0].Placement.Prefill.Node, replaced.Pairs[0].Placement.Decode.Node));
        var pods = Cluster.Stored("/api/v1/namespaces/inference/pods").Where(p => p["metadata"]!["name"]!.GetValue<string>().StartsWith("deadnode-", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p => Assert.Null(p["metadata"]!["deletionTimestamp"]));
    }

    [Fact]
    public async Task A_pod_stuck_terminating_on_a_node_that_still_reports_is_left_to_its_kubelet_until_the_node_falls_silent()
    {
        var nodes = await Plane.ReportNodesAsync("rec-stuck", NodeTemplates.H20, 1);
        using (var put = await Plane.PutDeploymentAsync("stuck", DeploymentCalls.Spec("rec-stuck", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1)))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        Cluster.Kubelet.Run(Ns, "stuck-prefill-0");
        Cluster.Kubelet.Run(Ns, "stuck-decode-0");
        await Eventually.Until(() => Plane.DeploymentAsync("stuck"), v => v.Status == DeploymentStatus.Running);
        // The kubelet cannot stop the containers (a CUDA process in D state after an XID), but the node's agent reports.
        Cluster.Kubelet.StopNode(nodes[0]);
        using (var change = await Plane.PutDeploymentAsync("stuck", DeploymentCalls.Spec("rec-stuck", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, policy: "allow-tcp")))
        {
            Assert.Equal(HttpStatusCode.Accepted, change.StatusCode);
        }

        await Eventually.Until(() => Plane.DeploymentAsync("stuck"), v => v.Removing.SelectMany(p => p.Pods).Count(p => p.Terminating) == 2);
        // Past the grace period and ForceDeleteAfter, the agent reporting every 10 s all along.
        for (var (sequence, passed) = (2, TimeSpan.Zero); passed <= PastForceDelete; sequence++, passed += TimeSpan.FromSeconds(10))
        {
            Plane.Clock.Advance(TimeSpan.FromSeconds(10));
            using var alive = await Plane.PutProbeAsync(nodes[0], Reports.Steady(nodes[0], sequence) with { Pool = "rec-stuck", Timestamp = Plane.Clock.GetUtcNow() }, RunningControlPlane.AdminKey);
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        }

        // Several resyncs list the pods and leave them: the node reports.
        var listed = Listings("stuck");
        await Eventually.Until(() => Task.FromResult(Listings("stuck")), n => n >= listed + 3);
        Assert.Empty(ForcedDeletes("stuck-"));
        var left = await Plane.DeploymentAsync("stuck");
        Assert.Equal(2, left.Removing.SelectMany(p => p.Pods).Count(p => p.Terminating));
        Assert.Contains(await Plane.GpusAsync(nodes), g => g.AllocatedTo is not null);

        // Once the node falls silent past NotReadyAfter, the same pods are force-deleted.
        Plane.Clock.Advance(TimeSpan.FromSeconds(70));
        var forced = await Eventually.Until(() => Task.FromResult(ForcedDeletes("stuck-")), f => f.Length == 2);
        output.WriteLine($"left while the node reported over {listed}+ listings; force-deleted once it fell silent: {string.Join(", ", forced)}");
    }

    /// <summary>The pods' grace period and then ForceDeleteAfter (2 min), with a margin.</summary>
    private TimeSpan PastForceDelete => Cluster.PodGracePeriod + TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(10);

    private int Listings(string deployment) =>
        Cluster.Requests.Count(r => r.Method == "GET" && r.Query.GetValueOrDefault("labelSelector")?.Contains($"={deployment}", StringComparison.Ordinal) == true
            && r.Query.GetValueOrDefault("watch") != "true");

    private string[] ForcedDeletes(string prefix = "deadnode-") =>
        [.. Cluster.Requests.Where(r => r.Method == "DELETE" && r.Query.GetValueOrDefault("gracePeriodSeconds") == "0")
            .Select(r => r.Path[(r.Path.LastIndexOf('/') + 1)..]).Where(n => n.StartsWith(prefix, StringComparison.Ordinal))];

    private async Task<DeploymentView> StatusAsync(DeploymentStatus status, Func<DeploymentView, bool>? also = null)
    {
        var view = await Eventually.Until(() => Plane.DeploymentAsync("deadnode"), v => v.Status == status && (also?.Invoke(v) ?? true));
        Assert.Equal(status, view.Status);
        return view;
    }
}
