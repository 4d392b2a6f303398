using k8s;

namespace ControlPlane.Kubernetes.Tests;

public class ManifestYamlTests
{
    [Theory]
    [InlineData("exact-visible-devices")]
    [InlineData("dra")]
    public void Yaml_round_trips_through_KubernetesYaml_to_the_same_objects(string binding)
    {
        var manifests = ManifestRenderer.Render("qwen", Plans.Spec(), Plans.Qwen72B, Plans.SameNodeH20(out _), new RenderOptions { Binding = binding, DisruptionBudget = true });

        var loaded = ManifestYaml.Load(manifests.Yaml);

        Assert.Equal(manifests.Objects.Count, manifests.Yaml.Split("\n---\n").Length);
        Assert.Equal(manifests.Objects.Select(o => o.GetType()), loaded.Select(o => o.GetType()));
        Assert.Equal(manifests.Objects.Select(o => KubernetesJson.Serialize(o)), loaded.Select(o => KubernetesJson.Serialize(o)));
    }

    [Fact]
    public void Yaml_states_hostIPC_and_the_visible_devices_in_words_an_operator_can_grep()
    {
        var yaml = ManifestRenderer.Render("qwen", Plans.Spec(), Plans.Qwen72B, Plans.SameNodeH20(out _), new RenderOptions()).Yaml;

        Assert.Contains("hostIPC: true", yaml, StringComparison.Ordinal);
        Assert.Contains("- name: CUDA_VISIBLE_DEVICES\n      value: 0,1\n", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("nvidia.com/gpu:", yaml, StringComparison.Ordinal);
    }
}
