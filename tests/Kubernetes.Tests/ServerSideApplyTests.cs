using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.Testing;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ControlPlane.Kubernetes.Tests;

/// <summary>
/// The applier against the fake API server's server-side apply
/// (https://kubernetes.io/docs/reference/using-api/server-side-apply/): field managers, conflicts, preconditions.
/// "kubectl" is another client of the same server (<c>kubectl apply --server-side</c>).
/// </summary>
public class ServerSideApplyTests
{
    private const string Ns = "inference";
    private const string PrefillPath = "/api/v1/namespaces/inference/pods/qwen-prefill-0";
    private const string DeploymentLabel = ".metadata.labels.controlplane.io/deployment";

    private static KubernetesApplier Applier(FakeKubernetesApiServer fake) =>
        new(fake.Client(), Options.Create(new KubernetesOptions { Render = new() { Namespace = Ns } }), NullLogger<KubernetesApplier>.Instance);

    private static RenderedManifests Dra() =>
        ManifestRenderer.Render("qwen", Plans.Spec(), Plans.Qwen72B, Plans.SameNodeH20(out _), new RenderOptions { Namespace = Ns, Binding = "dra", DisruptionBudget = true });

    private static V1Patch Apply(string yaml) => new(yaml, V1Patch.PatchType.ApplyPatch);

    private static string PodLabel(string label, string value, string? resourceVersion = null) => new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = "qwen-prefill-0", ["namespace"] = Ns, ["resourceVersion"] = resourceVersion, ["labels"] = new JsonObject { [label] = value } },
    }.ToJsonString();

    [Fact]
    public async Task Another_manager_changing_our_field_without_force_is_refused_409_naming_the_field_and_its_owner()
    {
        await using var fake = await FakeKubernetesApiServer.StartAsync();
        await Applier(fake).ApplyAsync(Dra());
        using var kubectl = fake.Client();

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() =>
            kubectl.CoreV1.PatchNamespacedPodAsync(Apply(PodLabel(ControlPlaneLabels.Deployment, "hijacked")), "qwen-prefill-0", Ns, fieldManager: "kubectl"));

        Assert.Equal(HttpStatusCode.Conflict, refused.Response.StatusCode);
        var status = JsonNode.Parse(refused.Response.Content)!;
        Assert.Equal("Conflict", status["reason"]!.GetValue<string>());
        Assert.Equal($"Apply failed with 1 conflict: conflict with \"controlplane\" using v1: {DeploymentLabel}", status["message"]!.GetValue<string>());
        var cause = Assert.Single(status["details"]!["causes"]!.AsArray())!;
        Assert.Equal(("FieldManagerConflict", DeploymentLabel), (cause["reason"]!.GetValue<string>(), cause["field"]!.GetValue<string>()));
        Assert.Equal("qwen", fake.Stored("/api/v1/namespaces/inference/pods").Single(p => p["metadata"]!["name"]!.GetValue<string>() == "qwen-prefill-0")["metadata"]!["labels"]![ControlPlaneLabels.Deployment]!.GetValue<string>());
    }

    [Fact]
    public async Task Our_forced_apply_takes_back_a_field_kubectl_forced_and_keeps_the_fields_only_kubectl_owns()
    {
        await using var fake = await FakeKubernetesApiServer.StartAsync();
        var applier = Applier(fake);
        await applier.ApplyAsync(Dra());
        using (var kubectl = fake.Client())
        {
            await kubectl.CoreV1.PatchNamespacedPodAsync(Apply(PodLabel(ControlPlaneLabels.Deployment, "hijacked")), "qwen-prefill-0", Ns, fieldManager: "kubectl", force: true);
            await kubectl.CoreV1.PatchNamespacedPodAsync(Apply(PodLabel("team", "search")), "qwen-prefill-0", Ns, fieldManager: "kubectl-labels");
        }

        Assert.Equal("kubectl", fake.FieldOwners(PrefillPath)[DeploymentLabel]);

        await applier.ApplyAsync(Dra());

        var owners = fake.FieldOwners(PrefillPath);
        Assert.Equal("controlplane", owners[DeploymentLabel]);
        Assert.Equal("kubectl-labels", owners[".metadata.labels.team"]);
        Assert.Equal("controlplane", owners[".spec.containers[name=\"engine\"].image"]);
        var pod = fake.Stored("/api/v1/namespaces/inference/pods").Single(p => p["metadata"]!["name"]!.GetValue<string>() == "qwen-prefill-0");
        Assert.Equal(("qwen", "search"), (pod["metadata"]!["labels"]![ControlPlaneLabels.Deployment]!.GetValue<string>(), pod["metadata"]!["labels"]!["team"]!.GetValue<string>()));
        var managed = pod["metadata"]!["managedFields"]!.AsArray().Select(m => $"{m!["manager"]} {m["operation"]}").Order(StringComparer.Ordinal);
        Assert.Equal(["controlplane Apply", "kubectl-labels Apply"], managed);
    }

    [Fact]
    public async Task The_applier_sends_no_resourceVersion_so_it_never_meets_the_precondition_a_stale_version_fails()
    {
        await using var fake = await FakeKubernetesApiServer.StartAsync();
        var applier = Applier(fake);
        await applier.ApplyAsync(Dra());
        var stale = fake.Stored("/api/v1/namespaces/inference/pods").Single(p => p["metadata"]!["name"]!.GetValue<string>() == "qwen-prefill-0")["metadata"]!["resourceVersion"]!.GetValue<string>();
        fake.Kubelet.Run(Ns, "qwen-prefill-0");

        await applier.ApplyAsync(Dra());

        Assert.All(fake.Requests.Where(r => r.Method == "PATCH"), r => Assert.Null(JsonNode.Parse(r.Body)!["metadata"]!["resourceVersion"]));
        using var kubectl = fake.Client();
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() =>
            kubectl.CoreV1.PatchNamespacedPodAsync(Apply(PodLabel("team", "search", stale)), "qwen-prefill-0", Ns, fieldManager: "kubectl"));
        Assert.Equal(HttpStatusCode.Conflict, refused.Response.StatusCode);
        Assert.Contains("the object has been modified; please apply your changes to the latest version and try again", refused.Response.Content, StringComparison.Ordinal);
        var current = (await kubectl.CoreV1.ReadNamespacedPodAsync("qwen-prefill-0", Ns)).Metadata.ResourceVersion;
        var labelled = await kubectl.CoreV1.PatchNamespacedPodAsync(Apply(PodLabel("team", "search", current)), "qwen-prefill-0", Ns, fieldManager: "kubectl");
        Assert.Equal("search", labelled.Metadata.Labels["team"]);
    }

    [Fact]
    public async Task The_applier_never_creates_and_a_create_of_an_existing_or_terminating_name_is_409_AlreadyExists()
    {
        await using var fake = await FakeKubernetesApiServer.StartAsync();
        fake.ProtectClaims = true;
        var applier = Applier(fake);
        await applier.ApplyAsync(Dra());
        await applier.ApplyAsync(Dra());
        Assert.DoesNotContain(fake.Requests, r => r.Method == "POST");

        using var kubectl = fake.Client();
        var pod = await kubectl.CoreV1.ReadNamespacedPodAsync("qwen-prefill-0", Ns);
        pod.Metadata.ResourceVersion = null;
        var exists = await Assert.ThrowsAsync<HttpOperationException>(() => kubectl.CoreV1.CreateNamespacedPodAsync(pod, Ns));
        Assert.Equal(HttpStatusCode.Conflict, exists.Response.StatusCode);
        Assert.Equal(("AlreadyExists", "pods \"qwen-prefill-0\" already exists"), Reason(exists));

        // The claim's delete-protection finalizer keeps it, terminating, after our delete: a create is refused until it goes.
        await applier.DeleteAsync("qwen");
        var claim = await kubectl.ResourceV1.ReadNamespacedResourceClaimAsync("qwen-pair-0-gpus", Ns);
        Assert.NotNull(claim.Metadata.DeletionTimestamp);
        claim.Metadata.ResourceVersion = null;
        var terminating = await Assert.ThrowsAsync<HttpOperationException>(() => kubectl.ResourceV1.CreateNamespacedResourceClaimAsync(claim, Ns));
        Assert.Equal(("AlreadyExists", "object is being deleted: resourceclaims.resource.k8s.io \"qwen-pair-0-gpus\" already exists"), Reason(terminating));

        Assert.True(fake.RemoveFinalizer("/apis/resource.k8s.io/v1/namespaces/inference/resourceclaims/qwen-pair-0-gpus", FakeKubernetesApiServer.ClaimDeleteProtection));
        Assert.Empty(fake.Stored("/apis/resource.k8s.io/v1/namespaces/inference/resourceclaims"));
        claim.Metadata.Finalizers = null;
        Assert.Equal("qwen-pair-0-gpus", (await kubectl.ResourceV1.CreateNamespacedResourceClaimAsync(claim, Ns)).Metadata.Name);
    }

    private static (string Reason, string Message) Reason(HttpOperationException e)
    {
        using var status = JsonDocument.Parse(e.Response.Content);
        return (status.RootElement.GetProperty("reason").GetString()!, status.RootElement.GetProperty("message").GetString()!);
    }
}
