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
}
