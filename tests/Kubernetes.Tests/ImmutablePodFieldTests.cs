using System.Net;
using ControlPlane.Testing;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ControlPlane.Kubernetes.Tests;

/// <summary>
/// Re-applying a pod or a claim whose immutable fields changed is 422 Invalid, as the real server's validation answers
/// (https://kubernetes.io/docs/concepts/workloads/pods/#pod-update-and-replacement); the product deletes and
/// re-creates instead (DeploymentReconcilerTests.Moving_every_pair_deletes_the_old_pods_first_...).
/// </summary>
public class ImmutablePodFieldTests
{
    private const string Ns = "inference";

    public static TheoryData<string> ImmutableFields =>
        ["spec.volumes", "spec.affinity", "spec.hostIPC", "spec.resourceClaims", "spec.serviceAccountName", "spec.nodeName", "spec.containers", "spec.initContainers"];

    [Theory]
    [MemberData(nameof(ImmutableFields))]
    public async Task Changing_an_immutable_pod_field_is_refused_422_naming_it(string field)
    {
        await using var fake = await FakeKubernetesApiServer.StartAsync();
        var applier = Applier(fake);
        await applier.ApplyAsync(Dra());

        var changed = Dra();
        foreach (var pod in changed.Objects.OfType<V1Pod>())
        {
            Change(pod.Spec, field);
        }

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => applier.ApplyAsync(changed));
        Assert.Equal((HttpStatusCode)422, refused.Response.StatusCode);
        var message = System.Text.Json.Nodes.JsonNode.Parse(refused.Response.Content)!["message"]!.GetValue<string>();
        Assert.Contains("pod updates may not change fields other than `spec.containers[*].image`", message, StringComparison.Ordinal);
        Assert.EndsWith($"({field})", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Images_a_deadline_and_added_tolerations_may_change()
    {
        await using var fake = await FakeKubernetesApiServer.StartAsync();
        var applier = Applier(fake);
        await applier.ApplyAsync(Dra());

        var changed = Dra();
        foreach (var pod in changed.Objects.OfType<V1Pod>())
        {
            pod.Spec.Containers[0].Image += "-patched";
            pod.Spec.ActiveDeadlineSeconds = 600;
            pod.Spec.Tolerations = [.. pod.Spec.Tolerations ?? [], new V1Toleration { Key = "maintenance", OperatorProperty = "Exists" }];
        }

        await applier.ApplyAsync(changed);
        Assert.All(fake.Stored("/api/v1/namespaces/inference/pods"), p => Assert.Equal(600, p["spec"]!["activeDeadlineSeconds"]!.GetValue<long>()));
    }

    /// <summary>https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/resource-claim-v1/ ("The spec is immutable.")</summary>
    [Fact]
    public async Task A_claim_whose_devices_changed_is_refused_422_field_is_immutable()
    {
        await using var fake = await FakeKubernetesApiServer.StartAsync();
        var applier = Applier(fake);
        await applier.ApplyAsync(Dra());

        var changed = Dra();
        var claim = changed.Objects.OfType<Resourcev1ResourceClaim>().Single();
        claim.Spec.Devices.Requests[0].Name += "-moved";

        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => applier.ApplyAsync(changed));
        Assert.Equal((HttpStatusCode)422, refused.Response.StatusCode);
        Assert.Contains("ResourceClaim.resource.k8s.io \"qwen-pair-0-gpus\" is invalid: spec: Invalid value: field is immutable", System.Text.Json.Nodes.JsonNode.Parse(refused.Response.Content)!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static void Change(V1PodSpec spec, string field)
    {
        switch (field)
        {
            case "spec.volumes":
                spec.Volumes = [.. spec.Volumes ?? [], new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource() }];
                break;
            case "spec.affinity":
                spec.Affinity = new V1Affinity { PodAntiAffinity = new V1PodAntiAffinity { RequiredDuringSchedulingIgnoredDuringExecution = [new V1PodAffinityTerm { TopologyKey = "kubernetes.io/hostname" }] } };
                break;
            case "spec.hostIPC":
                spec.HostIPC = !(spec.HostIPC ?? false);
                break;
            case "spec.resourceClaims":
                spec.ResourceClaims = null;
                break;
            case "spec.serviceAccountName":
                spec.ServiceAccountName = "someone-else";
                break;
            case "spec.nodeName":
                spec.NodeName = "elsewhere";
                break;
            case "spec.containers":
                spec.Containers[0].Args = [.. spec.Containers[0].Args ?? [], "--extra"];
                break;
            case "spec.initContainers":
                spec.InitContainers = [new V1Container { Name = "warm-up", Image = "busybox" }];
                break;
        }
    }

    private static KubernetesApplier Applier(FakeKubernetesApiServer fake) =>
        new(fake.Client(), Options.Create(new KubernetesOptions { Render = new() { Namespace = Ns } }), NullLogger<KubernetesApplier>.Instance);

    private static RenderedManifests Dra() =>
        ManifestRenderer.Render("qwen", Plans.Spec(), Plans.Qwen72B, Plans.SameNodeH20(out _), new RenderOptions { Namespace = Ns, Binding = "dra", DisruptionBudget = true });
}
