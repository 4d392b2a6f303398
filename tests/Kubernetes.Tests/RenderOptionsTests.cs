namespace ControlPlane.Kubernetes.Tests;

/// <summary><see cref="KubernetesOptions"/> hands its one set of rendering settings to every pool's rendering.</summary>
public class RenderOptionsTests
{
    [Fact]
    public void A_pool_rendering_keeps_every_configured_setting_and_adds_only_the_pool_binding()
    {
        var render = new RenderOptions { Namespace = "llm", ModelPath = "/weights/qwen", ModelHostPath = "/mnt/models", ServiceAccountName = "inference", DisruptionBudget = true };
        var options = new KubernetesOptions { Render = render, PoolBindings = { ["b200"] = "dra" } };

        Assert.Equal(render with { Binding = "dra" }, options.RenderOptionsFor("b200"));
        Assert.Equal(render, options.RenderOptionsFor("h20"));
        Assert.Equal("llm", options.Namespace);
    }

    [Fact]
    public void Configured_ModelPath_reaches_the_engine_command_line()
    {
        var options = new KubernetesOptions { Render = new() { ModelPath = "/weights/qwen", ModelHostPath = "/mnt/models" } };

        var manifests = ManifestRenderer.Render("qwen", Plans.Spec(), Plans.Qwen72B, Plans.SameNodeH20(out _), options.RenderOptionsFor("h20"));
        var vllm = ManifestRenderer.Render("qwen", Plans.Spec(engine: "vllm"), Plans.Qwen72B, Plans.SameNodeH20(out _), options.RenderOptionsFor("h20"));

        Assert.Equal("/weights/qwen", manifests.Pod("qwen-prefill-0").Arg("--model-path"));
        Assert.Equal("/weights/qwen", manifests.Pod("qwen-decode-0").Arg("--model-path"));
        Assert.Equal(["vllm", "serve", "/weights/qwen"], vllm.Pod("qwen-prefill-0").Engine().Command.Take(3));
    }

    [Fact]
    public void Problems_name_the_configuration_key()
    {
        var problems = new KubernetesOptions { Render = new() { DefaultBinding = "any", Namespace = "" }, PoolBindings = { ["b200"] = "gpu" } }.Problems().ToArray();

        Assert.Contains(problems, p => p.StartsWith("ControlPlane:Kubernetes:DefaultBinding:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("ControlPlane:Kubernetes:PoolBindings:b200:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("ControlPlane:Kubernetes:Namespace:", StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_router_image_is_a_problem_naming_its_key()
    {
        var problems = new KubernetesOptions { Render = new() { PdRouter = true, VllmRouterImage = " ", SglangRouterImage = "" } }.Problems().ToArray();

        Assert.Contains(problems, p => p.StartsWith("ControlPlane:Kubernetes:VllmRouterImage:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("ControlPlane:Kubernetes:SglangRouterImage:", StringComparison.Ordinal));
        Assert.Empty(new KubernetesOptions { Render = new() { PdRouter = true } }.Problems());
    }
}
