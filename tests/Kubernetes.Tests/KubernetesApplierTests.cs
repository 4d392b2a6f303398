using System.Net;
using ControlPlane.Testing;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ControlPlane.Kubernetes.Tests;

public class KubernetesApplierTests
{
    private const string Ns = "inference";

    private static KubernetesApplier Applier(FakeKubernetesApiServer fake) =>
        new(fake.Client(), Options.Create(new KubernetesOptions { Render = new() { Namespace = Ns } }), NullLogger<KubernetesApplier>.Instance);

    private static RenderedManifests Dra() =>
        ManifestRenderer.Render("qwen", Plans.Spec(), Plans.Qwen72B, Plans.SameNodeH20(out _), new RenderOptions { Namespace = Ns, Binding = "dra", DisruptionBudget = true });

    [Fact]
    public async Task Apply_server_side_applies_every_object_to_a_fake_api_server_as_field_manager_controlplane()
    {
        await using var fake = await FakeKubernetesApiServer.StartAsync();
        var manifests = Dra();

        var result = await Applier(fake).ApplyAsync(manifests);

        Assert.True(result.Done);
        Assert.Equal(ApplyMode.Kubernetes, result.Mode);
        var patches = fake.Requests.Where(r => r.Method == "PATCH").ToList();
        Assert.Equal(manifests.Objects.Count, patches.Count);
        Assert.All(patches, p =>
        {
            Assert.StartsWith("application/apply-patch+yaml", p.ContentType, StringComparison.Ordinal);
            Assert.Equal("controlplane", p.Query["fieldManager"]);
            Assert.Equal("true", p.Query["force"]);
        });
        Assert.Equal(
            [
                "/apis/resource.k8s.io/v1/namespaces/inference/resourceclaims/qwen-pair-0-gpus",
                "/api/v1/namespaces/inference/services/qwen-pair-0",
                "/api/v1/namespaces/inference/pods/qwen-prefill-0",
                "/api/v1/namespaces/inference/pods/qwen-decode-0",
                "/api/v1/namespaces/inference/services/qwen-router",
                "/apis/apps/v1/namespaces/inference/deployments/qwen-router",
                "/apis/policy/v1/namespaces/inference/poddisruptionbudgets/qwen",
            ],
            patches.Select(p => p.Path));
        Assert.Equal(["qwen-router"], fake.Stored("/apis/apps/v1/namespaces/inference/deployments").Select(d => d["metadata"]!["name"]!.GetValue<string>()));

        var pods = fake.Stored("/api/v1/namespaces/inference/pods");
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p => Assert.True(p["spec"]!["hostIPC"]!.GetValue<bool>()));
        Assert.Equal("qwen-pair-0-gpus", pods[0]["spec"]!["resourceClaims"]![0]!["resourceClaimName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Applying_twice_is_idempotent_on_the_fake_api_server()
    {
        await using var fake = await FakeKubernetesApiServer.StartAsync();
        var applier = Applier(fake);

        await applier.ApplyAsync(Dra());
        await applier.ApplyAsync(Dra());

        Assert.Equal(2, fake.Stored("/api/v1/namespaces/inference/pods").Count);
        Assert.Single(fake.Stored("/apis/resource.k8s.io/v1/namespaces/inference/resourceclaims"));
    }

    [Fact]
    public async Task Pods_are_listed_by_the_deployments_label_with_their_phase()
    {
        await using var fake = await FakeKubernetesApiServer.StartAsync();
        var applier = Applier(fake);
        await applier.ApplyAsync(Dra());
        await applier.ApplyAsync(ManifestRenderer.Render("other", Plans.Spec(), Plans.Qwen72B, Plans.SameNodeH20(out _), new RenderOptions { Namespace = Ns }));
        fake.SetPodPhase(Ns, "qwen-prefill-0", "Running", ready: true);

        var pods = await applier.ListPodsAsync("qwen");

        Assert.Equal(["qwen-prefill-0", "qwen-decode-0"], pods.Select(p => p.Name));
        Assert.Equal(("Running", true, 0, "prefill"), (pods[0].Phase, pods[0].Ready, pods[0].Pair ?? -1, pods[0].Role));
        Assert.Equal(("Pending", false), (pods[1].Phase, pods[1].Ready));
        Assert.Contains(fake.Requests, r => r.Method == "GET" && r.Query.GetValueOrDefault("labelSelector") == "controlplane.io/deployment=qwen");
    }

    [Fact]
    public async Task The_watch_lists_then_streams_changes_resumes_when_the_server_ends_it_and_lists_again_after_410_expired()
    {
        await using var fake = await FakeKubernetesApiServer.StartAsync();
        fake.PodGracePeriod = TimeSpan.FromMinutes(5);
        var applier = Applier(fake);
        await applier.ApplyAsync(Dra());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var changes = System.Threading.Channels.Channel.CreateUnbounded<PodChange>();
        var watching = Task.Run(async () =>
        {
            await foreach (var change in applier.WatchPodsAsync("qwen", cancellationToken: timeout.Token))
            {
                await changes.Writer.WriteAsync(change);
            }
        });
        async Task<string> Next()
        {
            var c = await changes.Reader.ReadAsync(timeout.Token);
            return $"{c.Event} {c.Pod.Name} {c.Pod.Phase}{(c.Pod.Ready ? " ready" : "")}{(c.Pod.Terminating ? " terminating" : "")}";
        }

        Assert.Equal(["Listed qwen-decode-0 Pending", "Listed qwen-prefill-0 Pending"], new[] { await Next(), await Next() }.Order(StringComparer.Ordinal));
        fake.Kubelet.Run(Ns, "qwen-prefill-0");
        Assert.Equal("Modified qwen-prefill-0 Running ready", await Next());

        fake.EndWatches();
        fake.Kubelet.Run(Ns, "qwen-decode-0", ready: false);
        Assert.Equal("Modified qwen-decode-0 Running", await Next());

        // The watch is cut and cannot reconnect while the pods are deleted and the history compacted: 410 Expired, list again.
        fake.HoldWatches();
        fake.EndWatches();
        await applier.DeleteAsync("qwen");
        fake.Kubelet.Terminate(Ns, "qwen-prefill-0");
        fake.CompactHistory();
        fake.ReleaseWatches();
        var seen = new List<string>();
        while (!seen.Contains("Deleted qwen-prefill-0 Unknown") || !seen.Contains("Listed qwen-decode-0 Running terminating"))
        {
            seen.Add(await Next());
        }

        await timeout.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching);
        var watches = fake.Requests.Where(r => r.Query.GetValueOrDefault("watch") == "true").ToList();
        Assert.All(watches, w => Assert.False(string.IsNullOrEmpty(w.Query.GetValueOrDefault("resourceVersion"))));
        Assert.Contains("Deleted qwen-prefill-0 Unknown", seen); // phase Unknown: found missing by a list, not seen by a watch
    }

    [Fact]
    public async Task Applying_a_pod_moved_to_another_node_is_refused_422_like_the_real_server_and_a_new_image_is_not()
    {
        await using var fake = await FakeKubernetesApiServer.StartAsync();
        var applier = Applier(fake);
        await applier.ApplyAsync(Dra());
        var version = fake.ResourceVersion;

        var moved = Dra();
        foreach (var pod in moved.Objects.OfType<k8s.Models.V1Pod>())
        {
            pod.Spec.NodeName = "elsewhere";
        }

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => applier.ApplyAsync(moved));
        Assert.Equal((HttpStatusCode)422, refused.Response.StatusCode);
        Assert.Contains("spec.nodeName", refused.Response.Content, StringComparison.Ordinal);

        var retagged = Dra();
        foreach (var pod in retagged.Objects.OfType<k8s.Models.V1Pod>())
        {
            pod.Spec.Containers[0].Image += "-patched";
        }

        await applier.ApplyAsync(retagged);
        Assert.True(fake.ResourceVersion > version);
        Assert.All(fake.Stored("/api/v1/namespaces/inference/pods"), p => Assert.EndsWith("-patched", p["spec"]!["containers"]![0]!["image"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_deleted_pod_stays_terminating_until_the_kubelet_confirms_or_its_grace_period_ends()
    {
        await using var fake = await FakeKubernetesApiServer.StartAsync();
        fake.PodGracePeriod = TimeSpan.FromSeconds(2);
        var applier = Applier(fake);
        await applier.ApplyAsync(Dra());
        fake.Kubelet.Run(Ns, "qwen-prefill-0");

        await applier.DeleteAsync("qwen");

        var terminating = await applier.ListPodsAsync("qwen");
        Assert.Equal(2, terminating.Count);
        Assert.All(terminating, p => Assert.True(p.Terminating));
        Assert.Equal("Running", terminating[0].Phase);
        fake.Kubelet.Terminate(Ns, "qwen-prefill-0");
        Assert.Equal(["qwen-decode-0"], (await applier.ListPodsAsync("qwen")).Select(p => p.Name));
        var gone = await Eventually.Until(() => applier.ListPodsAsync("qwen"), p => p.Count == 0);
        Assert.Empty(gone);
    }

    [Fact]
    public async Task The_fake_kubelet_finishes_only_deletions_that_were_asked_for_and_a_forced_delete_is_gone_at_once()
    {
        await using var fake = await FakeKubernetesApiServer.StartAsync();
        fake.PodGracePeriod = TimeSpan.FromMinutes(5);
        var applier = Applier(fake);
        await applier.ApplyAsync(Dra());
        fake.Kubelet.Run(Ns, "qwen-prefill-0");

        // Nobody deleted it: a kubelet does not remove a running pod's object.
        var refused = Assert.Throws<InvalidOperationException>(() => fake.Kubelet.Terminate(Ns, "qwen-prefill-0"));
        Assert.Contains("no deletionTimestamp", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, fake.Kubelet.TerminateAll(Ns));
        Assert.Equal(["qwen-decode-0", "qwen-prefill-0"], (await applier.ListPodsAsync("qwen")).Select(p => p.Name).Order(StringComparer.Ordinal));

        // DELETE with gracePeriodSeconds=0 (kubectl delete --grace-period=0 --force): removed without the kubelet.
        using (var kubectl = fake.Client())
        {
            await kubectl.CoreV1.DeleteNamespacedPodAsync("qwen-prefill-0", Ns, gracePeriodSeconds: 0);
        }

        Assert.Equal(["qwen-decode-0"], (await applier.ListPodsAsync("qwen")).Select(p => p.Name));
        Assert.False((await applier.ListPodsAsync("qwen"))[0].Terminating);
    }

    [Fact]
    public async Task Delete_removes_every_object_of_the_deployment_from_the_fake_api_server_and_only_those()
    {
        await using var fake = await FakeKubernetesApiServer.StartAsync();
        var applier = Applier(fake);
        await applier.ApplyAsync(Dra());
        await applier.ApplyAsync(ManifestRenderer.Render("other", Plans.Spec(), Plans.Qwen72B, Plans.SameNodeH20(out _), new RenderOptions { Namespace = Ns }));

        var result = await applier.DeleteAsync("qwen");
        fake.Kubelet.TerminateAll(Ns);

        Assert.True(result.Done);
        Assert.Equal(7, result.Objects.Count); // 2 pods, pair and router services, the router, the budget, the claim
        Assert.Equal(["other-prefill-0", "other-decode-0"], (await applier.ListPodsAsync("other")).Select(p => p.Name));
        Assert.Empty(await applier.ListPodsAsync("qwen"));
        Assert.Empty(fake.Stored("/apis/resource.k8s.io/v1/namespaces/inference/resourceclaims"));
        Assert.Empty(fake.Stored("/apis/policy/v1/namespaces/inference/poddisruptionbudgets"));
        Assert.Equal(["other-pair-0", "other-router"], fake.Stored("/api/v1/namespaces/inference/services").Select(s => s["metadata"]!["name"]!.GetValue<string>()));
        Assert.Equal(["other-router"], fake.Stored("/apis/apps/v1/namespaces/inference/deployments").Select(d => d["metadata"]!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Without_a_kubeconfig_the_control_plane_is_plan_only_and_says_it_applied_nothing()
    {
        var applier = ManifestApplierFactory.Create(new KubernetesOptions(), NullLogger<KubernetesApplier>.Instance);

        var result = await applier.ApplyAsync(Dra());

        Assert.IsType<PlanOnlyApplier>(applier);
        Assert.Equal(ApplyMode.PlanOnly, result.Mode);
        Assert.False(result.Done);
        Assert.Contains("plan-only", result.Message, StringComparison.Ordinal);
        Assert.Equal(Dra().Objects.Count, result.Objects.Count);
        Assert.False((await applier.DeleteAsync("qwen")).Done);
    }

    [Fact]
    public async Task A_kubeconfig_selects_the_kubernetes_applier_pointed_at_its_server()
    {
        await using var fake = await FakeKubernetesApiServer.StartAsync();
        var kubeconfig = await fake.WriteKubeconfigAsync();
        try
        {
            var applier = ManifestApplierFactory.Create(new KubernetesOptions { Kubeconfig = kubeconfig }, NullLogger<KubernetesApplier>.Instance);

            await applier.ApplyAsync(Dra());

            Assert.IsType<KubernetesApplier>(applier);
            Assert.Equal(2, fake.Stored("/api/v1/namespaces/inference/pods").Count);
        }
        finally
        {
            File.Delete(kubeconfig);
        }
    }
}
