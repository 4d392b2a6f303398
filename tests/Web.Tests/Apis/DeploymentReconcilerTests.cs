using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Web.Apis;
using ControlPlane.Wire.Deployments;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ControlPlane.Web.Tests.Apis;

/// <summary>
/// Deployments as a reconciler, over HTTP against the real control plane whose cluster is the fake API server; the
/// kubelet helper drives the pods the way a node would. The tests of this class run twice: <see cref="Resync"/> with
/// the pod watch off and a 100 ms resync (the level-triggered half alone), <see cref="Watch"/> with the watch on as in
/// production and the resync ten minutes apart (the edge-triggered half alone).
/// </summary>
public abstract class DeploymentReconcilerTests(DeploymentClusterFixture fixture, ITestOutputHelper output)
{
    /// <summary>
    /// With the resync alone. The retries tested here only run here: a refused apply or delete is tried again on the
    /// resync timer once its back-off has passed, and nothing changes in the cluster meanwhile that the watch could see;
    /// with the resync ten minutes apart the retry would come ten minutes later.
    /// </summary>
    public sealed class Resync(DeploymentClusterFixture fixture, ITestOutputHelper output) : DeploymentReconcilerTests(fixture, output), IClassFixture<DeploymentClusterFixture>
    {
        [Fact]
        public async Task A_dra_deployment_on_a_cluster_without_resource_k8s_io_v1_is_ApplyFailed_naming_the_api_and_the_binding_to_use()
        {
            await Plane.ReportNodesAsync("rec-nodra", NodeTemplates.H20, 1);
            Cluster.UnservedGroups["resource.k8s.io"] = true;
            try
            {
                using var put = await Plane.PutDeploymentAsync("nodra", new
                {
                    model = "llama-3.1-8b", engine = "sglang",
                    image = new { name = "lmsysorg/sglang:v0.5.4-cu124", computeCapabilities = new[] { "8.0", "9.0" }, cuda = "12.4" },
                    prefill = new { tp = 1 }, decode = new { tp = 1 }, pairs = 1, transferBackend = "nixl", pool = "rec-nodra", binding = "dra",
                });
                var view = (await put.Content.ReadFromJsonAsync<DeploymentView>(ApiJson.Options))!;
                Print("PUT (no resource.k8s.io/v1)", view);

                Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
                Assert.Equal(DeploymentStatus.ApplyFailed, view.Status);
                Assert.Contains("does not serve resource.k8s.io/v1", view.Message, StringComparison.Ordinal);
                Assert.Contains("\"binding\": \"exact-visible-devices\"", view.Message, StringComparison.Ordinal);
            }
            finally
            {
                Cluster.UnservedGroups.TryRemove("resource.k8s.io", out _);
            }

            using var delete = await Plane.Client(ApiFixture.OperatorKey).DeleteAsync(new Uri("/api/v1/deployments/nodra", UriKind.Relative));
            Assert.True(delete.IsSuccessStatusCode, $"DELETE answered {(int)delete.StatusCode}");
        }

        [Fact]
        public async Task A_refused_apply_is_ApplyFailed_with_the_servers_message_keeps_the_GPUs_and_is_retried_until_it_is_accepted()
        {
            var nodes = await Plane.ReportNodesAsync("rec-refused", NodeTemplates.H20, 1);
            Cluster.RefuseApplies = (403, "Forbidden", "pods \"refused-prefill-0\" is forbidden: exceeded quota: gpu-quota");
            try
            {
                using var put = await Plane.PutDeploymentAsync("refused", SmallSpec("rec-refused", 1));
                var view = (await put.Content.ReadFromJsonAsync<DeploymentView>(ApiJson.Options))!;
                Print("PUT (API server refuses)", view);

                Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
                Assert.Equal(DeploymentStatus.ApplyFailed, view.Status);
                Assert.Contains("exceeded quota: gpu-quota", view.Message, StringComparison.Ordinal);
                Assert.Contains("403", view.Message, StringComparison.Ordinal);
                Assert.Equal(PairState.Planned, view.Pairs[0].State);
                Assert.Equal(2, (await Plane.GpusAsync(nodes)).Count(g => g.AllocatedTo is not null));

                var retried = await Eventually.Until(() => ViewAsync("refused"), v => v!.Message!.Contains("attempt 2", StringComparison.Ordinal));
                Print("retried, still refused", retried!);
                Assert.Equal(DeploymentStatus.ApplyFailed, retried!.Status);
            }
            finally
            {
                Cluster.RefuseApplies = null;
            }

            var applied = await StatusAsync("refused", DeploymentStatus.Applying);
            Print("API server accepts: retry applied", applied);
            Assert.Equal(PairState.Bound, applied.Pairs[0].State);
            Assert.Equal(2, Cluster.Stored("/api/v1/namespaces/inference/pods").Count(p => p["metadata"]!["name"]!.GetValue<string>().StartsWith("refused-", StringComparison.Ordinal)));
            Assert.Equal(2, (await Plane.GpusAsync(nodes)).Count(g => g.AllocatedTo is not null));
        }

        [Fact]
        public async Task New_labels_are_applied_in_place_the_pods_keep_running_and_a_refused_relabel_is_retried()
        {
            var (nodes, running) = await RunningOnePairAsync("relabel", "rec-relabel");
            var uids = PodUids("relabel-");
            var gpus = (await Plane.GpusAsync(nodes)).Where(g => g.AllocatedTo is not null).Select(g => g.Uuid).ToList();
            var deletesBefore = Cluster.Requests.Count(r => r.Method == "DELETE");

            // The API server refuses the first relabel: ApplyFailed, nothing moved, tried again until accepted.
            Cluster.RefuseApplies = (403, "Forbidden", "pods \"relabel-prefill-0\" is forbidden: admission webhook denied the request");
            try
            {
                using var relabel = await Plane.PutDeploymentAsync("relabel", WithLabels(SmallSpec("rec-relabel", 1), new() { ["team"] = "search" }));
                var view = (await relabel.Content.ReadFromJsonAsync<DeploymentView>(ApiJson.Options))!;
                Print("PUT labels team=search (refused)", view);
                Assert.Equal(HttpStatusCode.Accepted, relabel.StatusCode);
                Assert.Equal(DeploymentStatus.ApplyFailed, view.Status);
                Assert.Equal(PairState.Running, Assert.Single(view.Pairs).State);
                Assert.Empty(view.Removing);
            }
            finally
            {
                Cluster.RefuseApplies = null;
            }

            var relabeled = await StatusAsync("relabel", DeploymentStatus.Running, _ => Pods("relabel-").All(p => p["metadata"]!["labels"]!["team"]?.GetValue<string>() == "search"));
            Print("retried: labels applied in place", relabeled);
            Assert.Equal(running.Pairs[0].Placement.Prefill.GpuUuids, relabeled.Pairs[0].Placement.Prefill.GpuUuids);
            Assert.Equal(uids, PodUids("relabel-"));
            Assert.Equal(gpus, (await Plane.GpusAsync(nodes)).Where(g => g.AllocatedTo is not null).Select(g => g.Uuid));
            Assert.Equal(deletesBefore, Cluster.Requests.Count(r => r.Method == "DELETE"));

            // Taking the label away again is applied in place too.
            using (var unlabel = await Plane.PutDeploymentAsync("relabel", SmallSpec("rec-relabel", 1)))
            {
                Assert.Equal(HttpStatusCode.OK, unlabel.StatusCode);
                Assert.Equal(DeploymentStatus.Running, (await unlabel.Content.ReadFromJsonAsync<DeploymentView>(ApiJson.Options))!.Status);
            }

            Assert.All(Pods("relabel-"), p => Assert.Null(p["metadata"]!["labels"]!["team"]));
            Assert.Equal(uids, PodUids("relabel-"));
        }

        [Fact]
        public async Task A_refused_delete_stays_Deleting_with_the_servers_message_keeps_the_GPUs_and_is_retried()
        {
            var nodes = await Plane.ReportNodesAsync("rec-undeletable", NodeTemplates.H20, 1);
            using (var put = await Plane.PutDeploymentAsync("undeletable", SmallSpec("rec-undeletable", 1)))
            {
                Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            }

            using var client = Plane.Client(ApiFixture.OperatorKey);
            Cluster.RefuseDeletes = (503, "ServiceUnavailable", "etcdserver: request timed out");
            try
            {
                using var delete = await client.DeleteAsync(new Uri("/api/v1/deployments/undeletable", UriKind.Relative));
                var view = (await delete.Content.ReadFromJsonAsync<DeploymentView>(ApiJson.Options))!;
                Print("DELETE (API server refuses)", view);
                Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
                Assert.Equal(DeploymentStatus.Deleting, view.Status);
                Assert.Contains("etcdserver: request timed out", view.Message, StringComparison.Ordinal);
                Assert.Equal(2, (await Plane.GpusAsync(nodes)).Count(g => g.AllocatedTo is not null));
            }
            finally
            {
                Cluster.RefuseDeletes = null;
            }

            var terminating = await Eventually.Until(() => ViewAsync("undeletable"), v => v!.Pairs[0].Pods.Length == 2 && v.Pairs[0].Pods.All(p => p.Terminating));
            Print("retried: pods terminating", terminating!);
            Assert.Equal(2, (await Plane.GpusAsync(nodes)).Count(g => g.AllocatedTo is not null));
            Assert.Equal(2, Cluster.Kubelet.TerminateAll(Ns, "undeletable-"));
            Assert.Null(await Eventually.Until(() => ViewAsync("undeletable"), v => v is null));
            Assert.All(await Plane.GpusAsync(nodes), g => Assert.Null(g.AllocatedTo));
        }
    }

    /// <summary>With the pod watch on, as in production; the resync is ten minutes apart, so the watch does all the work seen here.</summary>
    public sealed class Watch(WatchedClusterFixture fixture, ITestOutputHelper output) : DeploymentReconcilerTests(fixture, output), IClassFixture<WatchedClusterFixture>;

    private const string Ns = DeploymentClusterFixture.Ns;

    private RunningControlPlane Plane => fixture.Plane;

    private FakeKubernetesApiServer Cluster => fixture.Cluster;

    private static object SmallSpec(string pool, int pairs) =>
        DeploymentCalls.Spec(pool, model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, pairs: pairs);

    [Fact]
    public async Task A_deployment_runs_when_its_pods_are_Ready_grows_and_shrinks_pair_by_pair_and_deletes_only_once_its_pods_are_gone()
    {
        var nodes = await Plane.ReportNodesAsync("rec-life", NodeTemplates.H20, 1);

        // A slow API server: while the apply waits, GET shows the pair Placed with its GPUs reserved.
        Cluster.HoldApplies();
        var putting = Plane.PutDeploymentAsync("life", SmallSpec("rec-life", 1));
        try
        {
            var reserved = await Eventually.Until(() => ViewAsync("life"), v => v?.Status == DeploymentStatus.Placed);
            Print("PUT pairs=1 (apply in flight)", reserved!);
            Assert.Equal(PairState.Planned, reserved!.Pairs[0].State);
            Assert.Equal(2, (await Plane.GpusAsync(nodes)).Count(g => g.AllocatedTo is not null));
        }
        finally
        {
            Cluster.ReleaseApplies();
        }

        using (var put = await putting)
        {
            var placed = await put.Content.ReadFromJsonAsync<DeploymentView>(ApiJson.Options);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            Print("PUT pairs=1 answered", placed!);
            Assert.Equal(DeploymentStatus.Applying, placed!.Status);
            Assert.Equal(PairState.Bound, Assert.Single(placed.Pairs).State);
        }

        var starting = await Eventually.Until(() => ViewAsync("life"), v => v!.Pairs[0].Pods.Length == 2);
        Print("pods created, not started", starting!);
        Assert.All(starting!.Pairs[0].Pods, p => Assert.Equal(("Pending", false), (p.Phase, p.Ready)));

        Cluster.Kubelet.Run(Ns, "life-prefill-0");
        Cluster.Kubelet.Run(Ns, "life-decode-0");
        var running = await StatusAsync("life", DeploymentStatus.Running);
        Print("kubelet: both pods Ready", running);
        Assert.Equal(PairState.Running, running.Pairs[0].State);
        Assert.All(running.Pairs[0].Pods, p => Assert.Equal(("Running", true, 0), (p.Phase, p.Ready, p.Restarts)));
        Assert.Equal(["life-prefill-0", "life-decode-0"], running.Pairs[0].Pods.Select(p => p.Name));

        // Growing from 1 to 3 pairs adds 2 and does not touch the first.
        var patchesBefore = Cluster.Requests.Count(r => r.Method == "PATCH");
        using (var grow = await Plane.PutDeploymentAsync("life", SmallSpec("rec-life", 3)))
        {
            Assert.Equal(HttpStatusCode.OK, grow.StatusCode);
            Print("PUT pairs=3", (await grow.Content.ReadFromJsonAsync<DeploymentView>(ApiJson.Options))!);
        }

        var patched = Cluster.Requests.Where(r => r.Method == "PATCH").Skip(patchesBefore).Select(r => r.Path).ToList();
        Assert.DoesNotContain(patched, p => p.EndsWith("-0", StringComparison.Ordinal));
        Assert.Contains("/api/v1/namespaces/inference/pods/life-prefill-2", patched);
        foreach (var pod in new[] { "life-prefill-1", "life-decode-1", "life-prefill-2", "life-decode-2" })
        {
            Cluster.Kubelet.Run(Ns, pod);
        }

        var grown = await StatusAsync("life", DeploymentStatus.Running, v => v.Pairs.Length == 3);
        Print("kubelet: new pods Ready", grown);
        Assert.Equal(6, (await Plane.GpusAsync(nodes)).Count(g => g.AllocatedTo is not null));

        // Shrinking back to 1: pairs 1 and 2 are deleted, and keep their GPUs while their pods terminate.
        using (var shrink = await Plane.PutDeploymentAsync("life", SmallSpec("rec-life", 1)))
        {
            var view = (await shrink.Content.ReadFromJsonAsync<DeploymentView>(ApiJson.Options))!;
            Print("PUT pairs=1", view);
            Assert.Equal(HttpStatusCode.OK, shrink.StatusCode);
            Assert.Equal([1, 2], view.Removing.Select(p => p.Index));
        }

        // The PD router was applied again with the one pair left: it no longer sends requests to the removed pairs.
        var router = Cluster.Stored($"/apis/apps/v1/namespaces/{Ns}/deployments").Single(d => d["metadata"]!["name"]!.GetValue<string>() == "life-router").ToJsonString();
        Assert.Contains("prefill.life-pair-0.", router, StringComparison.Ordinal);
        Assert.DoesNotContain("prefill.life-pair-1.", router, StringComparison.Ordinal);
        Assert.DoesNotContain("prefill.life-pair-2.", router, StringComparison.Ordinal);

        var terminating = await Eventually.Until(() => ViewAsync("life"), v => v!.Removing.SelectMany(p => p.Pods).Count(p => p.Terminating) == 4);
        Print("pods of pairs 1, 2 terminating", terminating!);
        Assert.Equal(6, (await Plane.GpusAsync(nodes)).Count(g => g.AllocatedTo is not null));
        Assert.Equal(4, Cluster.Kubelet.TerminateAll(Ns, "life-"));
        var shrunk = await Eventually.Until(() => ViewAsync("life"), v => v!.Removing.Length == 0);
        Print("kubelet: they are gone", shrunk!);
        Assert.Equal(2, (await Plane.GpusAsync(nodes)).Count(g => g.AllocatedTo is not null));
        Assert.Equal(DeploymentStatus.Running, shrunk!.Status);

        // While it has pods to follow, a reminder (which outlives the activation and its timer) wakes it.
        Assert.Equal(["wake-up"], await Eventually.Until(() => RemindersAsync("life"), r => r.Length > 0)); // registered without waiting for it

        // Delete: Deleting while the pods terminate, GPUs held; gone (404) and every GPU free once they are.
        using var client = Plane.Client(ApiFixture.OperatorKey);
        using (var delete = await client.DeleteAsync(new Uri("/api/v1/deployments/life", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
            var deleting = (await delete.Content.ReadFromJsonAsync<DeploymentView>(ApiJson.Options))!;
            Print("DELETE", deleting);
            Assert.Equal(DeploymentStatus.Deleting, deleting.Status);
        }

        var waiting = await Eventually.Until(() => ViewAsync("life"), v => v!.Pairs[0].Pods.Count(p => p.Terminating) == 2);
        Print("pods terminating", waiting!);
        Assert.Equal(DeploymentStatus.Deleting, waiting!.Status);
        Assert.Equal(2, (await Plane.GpusAsync(nodes)).Count(g => g.AllocatedTo is not null));
        Assert.Equal(2, Cluster.Kubelet.TerminateAll(Ns, "life-"));
        var gone = await Eventually.Until(() => ViewAsync("life"), v => v is null);
        output.WriteLine($"kubelet: pods gone -> GET {(gone is null ? "404" : gone.Status.ToString())}");
        Assert.Null(gone);
        Assert.All(await Plane.GpusAsync(nodes), g => Assert.Null(g.AllocatedTo));
        // The record goes first, then the reminder (a GET, which interleaves, may answer 404 in between).
        Assert.Empty(await Eventually.Until(() => RemindersAsync("life"), r => r.Length == 0));
    }

    private async Task<string[]> RemindersAsync(string deployment)
    {
        var grain = Plane.Grains.GetGrain<ControlPlane.Contracts.Deployments.IModelDeploymentGrain>(deployment).GetGrainId();
        var rows = await Plane.App.Services.GetRequiredService<IReminderTable>().ReadRows(grain);
        return [.. rows.Reminders.Select(r => r.ReminderName)];
    }

    [Fact]
    public async Task A_restarting_pod_degrades_its_pair_and_a_failed_pod_fails_it()
    {
        await RunningOnePairAsync("crash", "rec-fail");

        Cluster.Kubelet.Restart(Ns, "crash-decode-0");
        var degraded = await StatusAsync("crash", DeploymentStatus.Degraded);
        Print("kubelet: decode restarted", degraded);
        Assert.Equal(PairState.Degraded, degraded.Pairs[0].State);
        Assert.Contains("crash-decode-0 restarted", degraded.Pairs[0].Reason, StringComparison.Ordinal);
        Assert.Equal(1, degraded.Pairs[0].Pods.Single(p => p.Name == "crash-decode-0").Restarts);

        Cluster.Kubelet.Run(Ns, "crash-decode-0");
        var recovered = await StatusAsync("crash", DeploymentStatus.Running);
        Print("kubelet: decode Ready again", recovered);

        // A failed pod fails its pair, and failover replaces it at once: the failed pair drains in removing.
        Cluster.Kubelet.Fail(Ns, "crash-prefill-0", "OOMKilled");
        var failed = await Eventually.Until(() => ViewAsync("crash"), v => v!.Pairs[0].Revision == 1 && v.Removing.Length == 1);
        Print("kubelet: prefill failed", failed!);
        Assert.Equal(PairState.Failed, failed!.Removing[0].State);
        Assert.Contains("crash-prefill-0 failed: OOMKilled", (await Plane.GetJsonAsync<JsonElement>("/api/v1/incidents?deployment=crash")).GetProperty("items")[0].GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Moving_every_pair_deletes_the_old_pods_first_and_places_the_new_spec_once_they_are_gone()
    {
        var nodes = (await RunningOnePairAsync("move", "rec-move")).Nodes;

        // Another transfer policy: every pair is placed again, so the old pods must go before the new ones (same names) are applied.
        using (var change = await Plane.PutDeploymentAsync("move", DeploymentCalls.Spec("rec-move", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, policy: "allow-tcp")))
        {
            var view = (await change.Content.ReadFromJsonAsync<DeploymentView>(ApiJson.Options))!;
            Print("PUT policy=allow-tcp", view);
            Assert.Equal(HttpStatusCode.Accepted, change.StatusCode);
            Assert.Equal(DeploymentStatus.Pending, view.Status);
            Assert.Empty(view.Pairs);
            Assert.Single(view.Removing);
        }

        var terminating = await Eventually.Until(() => ViewAsync("move"), v => v!.Removing.SelectMany(p => p.Pods).Count(p => p.Terminating) == 2);
        Print("old pods terminating", terminating!);
        Assert.Equal(2, (await Plane.GpusAsync(nodes)).Count(g => g.AllocatedTo is not null));
        Assert.Equal(DeploymentStatus.Pending, terminating!.Status);

        Assert.Equal(2, Cluster.Kubelet.TerminateAll(Ns, "move-"));
        var replaced = await StatusAsync("move", DeploymentStatus.Applying, v => v.Pairs.Length == 1);
        Print("kubelet: old pods gone -> placed and applied", replaced);
        Assert.Equal("allow-tcp", replaced.Spec.TransferPolicy);
        Assert.Equal(PairState.Bound, replaced.Pairs[0].State);
        Assert.Equal(2, (await Plane.GpusAsync(nodes)).Count(g => g.AllocatedTo is not null));
        var pods = Cluster.Stored("/api/v1/namespaces/inference/pods").Where(p => p["metadata"]!["name"]!.GetValue<string>().StartsWith("move-", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p => Assert.Null(p["metadata"]!["deletionTimestamp"]));

        // Pods are immutable where placement decides (https://kubernetes.io/docs/concepts/workloads/pods/#pod-update-and-replacement):
        // the new pods were created after the old ones went, never applied over them (which the API server refuses 422).
        Assert.DoesNotContain(Cluster.Refusals, r => r.Code == 422 && r.Path.Contains("/move-", StringComparison.Ordinal));
    }

    private List<System.Text.Json.Nodes.JsonObject> Pods(string prefix) =>
        [.. Cluster.Stored("/api/v1/namespaces/inference/pods").Where(p => p["metadata"]!["name"]!.GetValue<string>().StartsWith(prefix, StringComparison.Ordinal))];

    private List<string> PodUids(string prefix) => [.. Pods(prefix).Select(p => p["metadata"]!["uid"]!.GetValue<string>()).Order(StringComparer.Ordinal)];

    private static System.Text.Json.Nodes.JsonNode WithLabels(object spec, Dictionary<string, string> labels)
    {
        var json = JsonSerializer.SerializeToNode(spec, ApiJson.Options)!;
        json["labels"] = JsonSerializer.SerializeToNode(labels);
        return json;
    }

    [Fact]
    public async Task A_pod_that_disappears_fails_its_pair_and_a_pod_failed_incident_replaces_it()
    {
        await RunningOnePairAsync("vanish", "rec-vanish");

        // Not the product: somebody force-deletes the decode pod (kubectl delete pod --grace-period=0 --force, as one does
        // for a pod on a lost node). The API server removes it at once; it is never seen Terminating.
        using (var kubectl = Cluster.Client())
        {
            await kubectl.CoreV1.DeleteNamespacedPodAsync("vanish-decode-0", Ns, gracePeriodSeconds: 0);
        }

        Assert.DoesNotContain(Pods("vanish-"), p => p["metadata"]!["name"]!.GetValue<string>() == "vanish-decode-0");

        // Failed is a signal: the pair is re-placed at once (revision 1), so the failure is read from the incident.
        var replaced = await Eventually.Until(() => ViewAsync("vanish"), v => v!.Pairs[0].Revision == 1);
        Print("decode pod gone", replaced!);
        var incidents = await Plane.GetJsonAsync<JsonElement>("/api/v1/incidents?deployment=vanish");
        var incident = Assert.Single(incidents.GetProperty("items").EnumerateArray());
        Assert.Equal("pod-failed", incident.GetProperty("kind").GetString());
        Assert.Contains("pod vanish-decode-0 disappeared", incident.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(incident.GetProperty("id").GetString(), replaced!.Pairs[0].Incident);
        Assert.Equal(PairState.Failed, Assert.Single(replaced.Removing).State);
    }

    [Fact]
    public async Task A_growth_that_fits_nowhere_or_reuses_terminating_pairs_is_409_and_changes_nothing()
    {
        var nodes = await Plane.ReportNodesAsync("rec-full", NodeTemplates.H20, 1);
        using (var put = await Plane.PutDeploymentAsync("full", SmallSpec("rec-full", 3)))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using (var tooMany = await Plane.PutDeploymentAsync("full", SmallSpec("rec-full", 5)))
        {
            Assert.Equal(HttpStatusCode.Conflict, tooMany.StatusCode);
            Assert.Contains("3 pairs placed are unchanged", (await tooMany.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        var unchanged = (await ViewAsync("full"))!;
        Assert.Equal((3, 3), (unchanged.Spec.Pairs, unchanged.Pairs.Length));
        Assert.Equal(6, (await Plane.GpusAsync(nodes)).Count(g => g.AllocatedTo is not null));

        using (var shrink = await Plane.PutDeploymentAsync("full", SmallSpec("rec-full", 1)))
        {
            Assert.Equal(HttpStatusCode.OK, shrink.StatusCode);
        }

        using (var regrow = await Plane.PutDeploymentAsync("full", SmallSpec("rec-full", 2)))
        {
            Assert.Equal(HttpStatusCode.Conflict, regrow.StatusCode);
            Assert.Equal("Still terminating", (await regrow.ProblemAsync()).GetProperty("title").GetString());
        }

        Assert.Equal(6, (await Plane.GpusAsync(nodes)).Count(g => g.AllocatedTo is not null));

        // The shrink deleted pairs 1 and 2: once their pods are Terminating, the kubelet confirms them.
        var terminating = await Eventually.Until(() => ViewAsync("full"), v => v!.Removing.SelectMany(p => p.Pods).Count(p => p.Terminating) == 4);
        Assert.Equal(["full-prefill-1", "full-decode-1", "full-prefill-2", "full-decode-2"], terminating!.Removing.SelectMany(p => p.Pods).Select(p => p.Name));
        Assert.Equal(4, Cluster.Kubelet.TerminateAll(Ns, "full-"));

        await Eventually.Until(() => ViewAsync("full"), v => v!.Removing.Length == 0);
        using (var again = await Plane.PutDeploymentAsync("full", SmallSpec("rec-full", 2)))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        Assert.Equal(4, (await Plane.GpusAsync(nodes)).Count(g => g.AllocatedTo is not null));
    }

    /// <summary>One TP1+TP1 pair on a fresh H20 node of its own pool, its pods Ready: the deployment Running.</summary>
    private async Task<(string[] Nodes, DeploymentView Running)> RunningOnePairAsync(string name, string pool)
    {
        var nodes = await Plane.ReportNodesAsync(pool, NodeTemplates.H20, 1);
        using (var put = await Plane.PutDeploymentAsync(name, SmallSpec(pool, 1)))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        Cluster.Kubelet.Run(Ns, $"{name}-prefill-0");
        Cluster.Kubelet.Run(Ns, $"{name}-decode-0");
        return (nodes, await StatusAsync(name, DeploymentStatus.Running));
    }

    private async Task<DeploymentView> StatusAsync(string name, DeploymentStatus status, Func<DeploymentView, bool>? also = null)
    {
        var view = await Eventually.Until(() => ViewAsync(name), v => v?.Status == status && (also?.Invoke(v) ?? true));
        Assert.Equal(status, view?.Status);
        return view!;
    }

    private async Task<DeploymentView?> ViewAsync(string name)
    {
        using var client = Plane.Client();
        using var response = await client.GetAsync(new Uri($"/api/v1/deployments/{name}", UriKind.Relative));
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.Content.ReadFromJsonAsync<DeploymentView>(ApiJson.Options);
    }

    private void Print(string step, DeploymentView view)
    {
        output.WriteLine($"{step} -> {view.Status}: {view.Message}");
        foreach (var pair in view.Pairs.Concat(view.Removing))
        {
            output.WriteLine($"  pair-{pair.Index} {pair.State}{(pair.Reason is { } r ? $" ({r})" : "")}: " +
                string.Join(", ", pair.Pods.Select(p => $"{p.Name} {p.Phase}{(p.Ready ? " ready" : "")}{(p.Terminating ? " terminating" : "")} restarts={p.Restarts}")));
        }
    }
}
