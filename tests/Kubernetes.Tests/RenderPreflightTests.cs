using k8s.Models;

namespace ControlPlane.Kubernetes.Tests;

public sealed class RenderPreflightTests
{
    [Theory]
    [InlineData("qwen")]
    [InlineData("qwen-72b-pd")]
    [InlineData("a")]
    public void Names_that_prefix_every_object_pass(string name)
    {
        Assert.Null(RenderPreflight.NameProblem(name));
    }

    [Theory]
    [InlineData("72b-qwen")] // a Service name must start with a letter
    [InlineData("Qwen")]
    [InlineData("qwen-")]
    [InlineData("qwen_72b")]
    [InlineData("a-name-that-is-much-too-long-for-its-suffixes")]
    public void Names_that_cannot_prefix_the_objects_are_refused_before_rendering_would_throw(string name)
    {
        var problem = RenderPreflight.NameProblem(name);

        Assert.Contains($"'{name}'", problem, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ManifestRenderer.Render(name, Plans.Spec(), Plans.Qwen72B, Plans.SameNodeH20(out _), new RenderOptions()));
    }

    [Theory]
    [InlineData("sglang", "nccl")]
    [InlineData("vllm", "nccl")]
    public void A_KV_backend_the_engine_cannot_be_rendered_with_is_refused_under_transferBackend(string engine, string backend)
    {
        var spec = Plans.Spec() with { Engine = engine, TransferBackend = backend };

        var errors = RenderPreflight.SpecProblems(spec);

        Assert.Equal(["transferBackend"], errors.Keys);
        Assert.Contains($"'{backend}'", errors["transferBackend"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sglang", "nixl")]
    [InlineData("sglang", "mooncake")]
    [InlineData("vllm", "nixl")]
    [InlineData("vllm", "mooncake")]
    public void Every_combination_the_preflight_passes_renders(string engine, string backend)
    {
        var spec = Plans.Spec() with { Engine = engine, TransferBackend = backend };

        Assert.Empty(RenderPreflight.SpecProblems(spec));
        Assert.NotEmpty(ManifestRenderer.Render("qwen", spec, Plans.Qwen72B, Plans.SameNodeH20(out _), new RenderOptions()).Objects);
    }

    [Theory]
    [InlineData("team", "search")]
    [InlineData("example.com/cost-center", "a1_b.2")]
    [InlineData("tier", "")]
    [InlineData("app.kubernetes.io/part-of", "inference")]
    public void Labels_kubernetes_accepts_pass_and_reach_every_object(string key, string value)
    {
        var spec = Plans.Spec() with { Labels = new() { [key] = value } };

        Assert.Empty(RenderPreflight.SpecProblems(spec));
        Assert.All(ManifestRenderer.Render("qwen", spec, Plans.Qwen72B, Plans.SameNodeH20(out _), new RenderOptions()).Objects,
            o => Assert.Equal(value, ((IMetadata<V1ObjectMeta>)o).Metadata.Labels[key]));
    }

    [Theory]
    [InlineData("has space", "x", "name 'has space'")]
    [InlineData("team", "has space", "value 'has space'")]
    [InlineData("team", "-leading", "value '-leading'")]
    [InlineData("Example.com/team", "x", "prefix 'Example.com'")]
    [InlineData("/team", "x", "prefix ''")]
    [InlineData("team/", "x", "name ''")]
    [InlineData("controlplane.io/deployment", "other", "set by the control plane")]
    [InlineData("app.kubernetes.io/managed-by", "helm", "set by the control plane")]
    public void A_label_the_API_server_would_refuse_or_the_control_plane_overwrites_is_named_under_its_key(string key, string value, string says)
    {
        var spec = Plans.Spec() with { Labels = new() { ["team"] = "search", [key] = value } };

        var errors = RenderPreflight.SpecProblems(spec);

        Assert.Equal([$"labels.{key}"], errors.Keys);
        Assert.Contains(says, errors[$"labels.{key}"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Too_long_a_value_and_too_many_labels_are_refused()
    {
        var longValue = Plans.Spec() with { Labels = new() { ["team"] = new string('a', 64) } };
        var many = Plans.Spec() with { Labels = Enumerable.Range(0, LabelRules.MaxLabels + 1).ToDictionary(i => $"l{i}", _ => "x") };

        Assert.Equal(["labels.team"], RenderPreflight.SpecProblems(longValue).Keys);
        Assert.Equal(["labels"], RenderPreflight.SpecProblems(many).Keys);
    }
}
