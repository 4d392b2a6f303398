using ControlPlane.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ControlPlane.Kubernetes.Tests;

/// <summary>A cross-tray pair's ComputeDomain against the fake API server: applied first, kept, deleted with the deployment.</summary>
public sealed class ComputeDomainApplyTests
{
    private const string Ns = "inference";
    private const string Domains = "/apis/resource.nvidia.com/v1beta1/namespaces/inference/computedomains";

    private static KubernetesApplier Applier(FakeKubernetesApiServer fake) =>
        new(fake.Client(), Options.Create(new KubernetesOptions { Render = new() { Namespace = Ns } }), NullLogger<KubernetesApplier>.Instance);

    private static RenderedManifests CrossTray(string binding = "exact-visible-devices") =>
        ManifestRenderer.Render("qwen", Plans.Spec("vllm", "nixl", 4), Plans.Qwen72B, Plans.CrossTrayGb200(out _, out _), new RenderOptions { Namespace = Ns, Binding = binding });

    [Fact]
    public async Task The_ComputeDomain_is_server_side_applied_before_the_pods_and_the_pods_reference_its_channel()
    {
        await using var fake = await FakeKubernetesApiServer.StartAsync();

        var result = await Applier(fake).ApplyAsync(CrossTray());

        var patches = fake.Requests.Where(r => r.Method == "PATCH").Select(r => r.Path).ToList();
        Assert.Equal($"{Domains}/qwen-pair-0", patches[0]);
        Assert.True(patches.IndexOf($"{Domains}/qwen-pair-0") < patches.IndexOf("/api/v1/namespaces/inference/pods/qwen-prefill-0"));
        var patch = fake.Requests.First(r => r.Path == $"{Domains}/qwen-pair-0");
        Assert.StartsWith("application/apply-patch+yaml", patch.ContentType, StringComparison.Ordinal);
        Assert.Equal(("controlplane", "true"), (patch.Query["fieldManager"], patch.Query["force"]));
        Assert.Contains(result.Objects, o => o == new ObjectRef("ComputeDomain", Ns, "qwen-pair-0"));

        var stored = Assert.Single(fake.Stored(Domains));
        Assert.Equal(2, stored["spec"]!["numNodes"]!.GetValue<int>());
        Assert.Equal("qwen-pair-0-imex-channel", stored["spec"]!["channel"]!["resourceClaimTemplate"]!["name"]!.GetValue<string>());
        Assert.Equal("controlplane", fake.FieldOwners($"{Domains}/qwen-pair-0")[".spec.numNodes"]);
        Assert.All(fake.Stored("/api/v1/namespaces/inference/pods"), p =>
            Assert.Equal("qwen-pair-0-imex-channel", p["spec"]!["resourceClaims"]![0]!["resourceClaimTemplateName"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Applying_again_keeps_the_immutable_spec_and_a_changed_spec_is_refused_as_the_CRD_rule_says()
    {
        await using var fake = await FakeKubernetesApiServer.StartAsync();
        var applier = Applier(fake);
        await applier.ApplyAsync(CrossTray());

        await applier.ApplyAsync(CrossTray());
        Assert.Empty(fake.Refusals);

        var changed = CrossTray();
        changed.Objects.OfType<ComputeDomain>().Single().Spec.NumNodes = 3;
        var error = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => applier.ApplyAsync(changed));

        Assert.Equal(422, (int)error.Response.StatusCode);
        Assert.Contains("A computeDomain.spec is immutable", Assert.Single(fake.Refusals).Message, StringComparison.Ordinal);
        Assert.Equal(2, Assert.Single(fake.Stored(Domains))["spec"]!["numNodes"]!.GetValue<int>());
    }

    [Fact]
    public async Task Deleting_the_deployment_deletes_its_ComputeDomain_after_its_pods()
    {
        await using var fake = await FakeKubernetesApiServer.StartAsync();
        fake.PodGracePeriod = TimeSpan.Zero;
        var applier = Applier(fake);
        await applier.ApplyAsync(CrossTray());

        var result = await applier.DeleteAsync("qwen");

        Assert.Empty(fake.Stored(Domains));
        Assert.Contains(new ObjectRef("ComputeDomain", Ns, "qwen-pair-0"), result.Objects);
        var deletes = fake.Requests.Where(r => r.Method == "DELETE").Select(r => r.Path).ToList();
        Assert.True(deletes.IndexOf($"{Domains}/qwen-pair-0") > deletes.IndexOf("/api/v1/namespaces/inference/pods/qwen-decode-0"));
    }

    [Fact]
    public async Task A_cluster_without_NVIDIAs_DRA_driver_gets_a_clear_error_and_no_pods()
    {
        await using var fake = await FakeKubernetesApiServer.StartAsync();
        fake.UnservedGroups["resource.nvidia.com"] = true;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Applier(fake).ApplyAsync(CrossTray()));

        Assert.Contains("serves no resource.nvidia.com/v1beta1 ComputeDomain", error.Message, StringComparison.Ordinal);
        Assert.Contains("ControlPlane:Kubernetes:MultiNodeNvlink to CliqueAffinity", error.Message, StringComparison.Ordinal);
        Assert.Empty(fake.Stored("/api/v1/namespaces/inference/pods"));

        // Deleting on such a cluster lists no ComputeDomains (404) and still deletes the rest.
        Assert.True((await Applier(fake).DeleteAsync("qwen")).Done);
    }
}
