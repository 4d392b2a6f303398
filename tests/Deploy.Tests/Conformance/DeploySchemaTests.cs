using System.Text.Json.Nodes;
using ControlPlane.Deploy.Tests.Composition;
using ControlPlane.Kubernetes.Tests.Conformance;
using k8s;
using k8s.Models;

namespace ControlPlane.Deploy.Tests.Conformance;

/// <summary>What <c>kubectl apply -k</c> creates from each deploy/ folder, against the supported Kubernetes versions' strict schemas.</summary>
public class DeploySchemaTests
{
    public static TheoryData<string, string> FoldersAndVersions()
    {
        var data = new TheoryData<string, string>();
        foreach (var folder in new[] { "base", "overlays/production", "overlays/embedded-demo" })
        {
            foreach (var version in KubernetesSchemas.SupportedVersions)
            {
                data.Add(folder, version);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FoldersAndVersions))]
    public void Every_deployed_object_validates_against_its_kinds_schema(string folder, string version)
    {
        var schemas = KubernetesSchemas.Load(version);
        var objects = ManifestSet.Compose(folder).Objects;

        var problems = objects.SelectMany(o => schemas.Problems(JsonNode.Parse(KubernetesJson.Serialize(o))!)
            .Select(p => $"deploy/{folder}: {o.Kind} {(o as IMetadata<V1ObjectMeta>)?.Metadata.Name} under Kubernetes {version}: {p}")).ToList();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Contains(objects, o => o.Kind == "NetworkPolicy");
        Assert.Contains(objects, o => o.Kind == "StatefulSet");
    }

    [Fact]
    public void A_misspelt_field_in_a_deployed_object_fails()
    {
        var silo = JsonNode.Parse(KubernetesJson.Serialize(ManifestSet.Compose("base").Objects.OfType<V1StatefulSet>().First()))!;
        silo["spec"]!["replica"] = 3;

        Assert.Contains(KubernetesSchemas.Load("1.34").Problems(silo), p => p.StartsWith("/spec/replica:", StringComparison.Ordinal));
    }
}
