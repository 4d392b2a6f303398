using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
                "/apis/policy/v1/namespaces/inference/poddisruptionbudgets/qwen",
            ],
            patches.Select(p => p.Path));

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
    public async Task Pods_are_listed_and_watched_by_the_deployments_label_with_their_phase()
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

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var changes = new List<PodChange>();
        await foreach (var change in applier.WatchPodsAsync("qwen", cancellationToken: timeout.Token))
        {
            changes.Add(change);
        }

        Assert.Equal(["Added", "Added"], changes.Select(c => c.Event));
        Assert.Equal("Running", changes.Single(c => c.Pod.Name == "qwen-prefill-0").Pod.Phase);
    }

    [Fact]
    public async Task Delete_removes_every_object_of_the_deployment_from_the_fake_api_server_and_only_those()
    {
        await using var fake = await FakeKubernetesApiServer.StartAsync();
        var applier = Applier(fake);
        await applier.ApplyAsync(Dra());
        await applier.ApplyAsync(ManifestRenderer.Render("other", Plans.Spec(), Plans.Qwen72B, Plans.SameNodeH20(out _), new RenderOptions { Namespace = Ns }));

        var result = await applier.DeleteAsync("qwen");

        Assert.True(result.Done);
        Assert.Equal(5, result.Objects.Count);
        Assert.Equal(["other-prefill-0", "other-decode-0"], (await applier.ListPodsAsync("other")).Select(p => p.Name));
        Assert.Empty(await applier.ListPodsAsync("qwen"));
        Assert.Empty(fake.Stored("/apis/resource.k8s.io/v1/namespaces/inference/resourceclaims"));
        Assert.Empty(fake.Stored("/apis/policy/v1/namespaces/inference/poddisruptionbudgets"));
        Assert.Equal(["other-pair-0"], fake.Stored("/api/v1/namespaces/inference/services").Select(s => s["metadata"]!["name"]!.GetValue<string>()));
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
        Assert.Equal(5, result.Objects.Count);
        Assert.False((await applier.DeleteAsync("qwen")).Done);
    }

    [Fact]
    public async Task A_kubeconfig_selects_the_kubernetes_applier_pointed_at_its_server()
    {
        await using var fake = await FakeKubernetesApiServer.StartAsync();
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(kubeconfig, $$"""
            apiVersion: v1
            kind: Config
            clusters: [{ name: fake, cluster: { server: "{{fake.Url}}" } }]
            users: [{ name: fake, user: { token: fake-token } }]
            contexts: [{ name: fake, context: { cluster: fake, user: fake } }]
            current-context: fake
            """);
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
