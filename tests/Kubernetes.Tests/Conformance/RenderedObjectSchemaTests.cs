using System.Text.Json.Nodes;
using k8s;

namespace ControlPlane.Kubernetes.Tests.Conformance;

public class RenderedObjectSchemaTests
{
    public static TheoryData<string> Versions => [.. KubernetesSchemas.SupportedVersions];

    [Theory]
    [MemberData(nameof(Versions))]
    public void Every_rendered_object_validates_against_its_kinds_schema(string version)
    {
        var schemas = KubernetesSchemas.Load(version);
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();

        foreach (var (name, manifests) in RenderMatrix.All())
        {
            foreach (var o in manifests.Objects)
            {
                kinds.Add($"{o.ApiVersion} {o.Kind}");
                problems.AddRange(schemas.Problems(Json(o)).Select(p => $"{name}: {o.Kind} {Name(o)} under Kubernetes {version}: {p}"));
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal(
            ["apps/v1 Deployment", "policy/v1 PodDisruptionBudget", "resource.k8s.io/v1 ResourceClaim", "resource.nvidia.com/v1beta1 ComputeDomain", "v1 Pod", "v1 Service"],
            kinds.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void A_container_port_given_as_a_word_fails_at_its_path(string version)
    {
        var pod = RenderedPod();
        pod["spec"]!["containers"]![0]!["ports"]![0]!["containerPort"] = "abc";

        var problems = KubernetesSchemas.Load(version).Problems(pod);

        Assert.Contains(problems, p => p.StartsWith("/spec/containers/0/ports/0/containerPort:", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void An_unknown_field_fails_under_the_strict_schema(string version)
    {
        var pod = RenderedPod();
        pod["spec"]!["containers"]![0]!["gpuCount"] = 2;

        var problems = KubernetesSchemas.Load(version).Problems(pod);

        Assert.Contains(problems, p => p.StartsWith("/spec/containers/0/gpuCount:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_kind_the_version_does_not_serve_is_reported()
    {
        var claim = new JsonObject { ["apiVersion"] = "resource.k8s.io/v1alpha9", ["kind"] = "ResourceClaim" };

        Assert.Equal(["Kubernetes 1.34 has no schema for resource.k8s.io/v1alpha9 ResourceClaim"], KubernetesSchemas.Load("1.34").Problems(claim));
    }

    [Fact]
    public void An_int_or_string_port_takes_a_name_or_a_number_but_not_a_list()
    {
        var schemas = KubernetesSchemas.Load("1.34");
        var service = Json(ManifestRenderer.Render("qwen", RenderMatrix.Spec("sglang", "nixl", 2), Plans.Qwen72B, Plans.SameNodeH20(out _), new RenderOptions())
            .Objects.OfType<k8s.Models.V1Service>().First());

        service["spec"]!["ports"]![0]!["targetPort"] = 30000;
        Assert.Empty(schemas.Problems(service));
        service["spec"]!["ports"]![0]!["targetPort"] = new JsonArray(1);
        Assert.Contains(schemas.Problems(service), p => p.StartsWith("/spec/ports/0/targetPort:", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void A_ComputeDomain_without_its_channel_or_with_a_negative_node_count_fails_against_the_CRD_schema(string version)
    {
        var schemas = KubernetesSchemas.Load(version);
        var domain = Json(ManifestRenderer.Render("qwen", RenderMatrix.Spec("vllm", "nixl", 4), Plans.Qwen72B, Plans.CrossTrayGb200(out _, out _), new RenderOptions())
            .Objects.OfType<ComputeDomain>().Single());
        Assert.Empty(schemas.Problems(domain));

        var negative = domain.DeepClone();
        negative["spec"]!["numNodes"] = -1;
        var unnamed = domain.DeepClone();
        unnamed["spec"]!["channel"]!["resourceClaimTemplate"]!.AsObject().Remove("name");
        var unknown = domain.DeepClone();
        unknown["spec"]!["nodes"] = 2;

        Assert.Contains(schemas.Problems(negative), p => p.StartsWith("/spec/numNodes:", StringComparison.Ordinal));
        Assert.Contains(schemas.Problems(unnamed), p => p.StartsWith("/spec/channel/resourceClaimTemplate:", StringComparison.Ordinal));
        Assert.Contains(schemas.Problems(unknown), p => p.StartsWith("/spec/nodes:", StringComparison.Ordinal));
    }

    public static JsonNode Json(IKubernetesObject o) => JsonNode.Parse(KubernetesJson.Serialize(o))!;

    private static JsonNode RenderedPod() =>
        Json(ManifestRenderer.Render("qwen", RenderMatrix.Spec("sglang", "nixl", 2), Plans.Qwen72B, Plans.SameNodeH20(out _), new RenderOptions())
            .Pod("qwen-prefill-0"));

    private static string Name(IKubernetesObject o) => o is k8s.Models.IMetadata<k8s.Models.V1ObjectMeta> m ? m.Metadata.Name : "?";
}
