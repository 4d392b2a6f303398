using k8s.Models;

namespace ControlPlane.Kubernetes.Tests.Conformance;

public class EngineFlagConformanceTests
{
    [Fact]
    public void Every_rendered_flag_is_declared_by_the_engine_version_its_image_names()
    {
        var cases = RenderMatrix.All().ToList();

        var problems = cases.SelectMany(c => FlagChecker.Problems(c.Name, c.Manifests.Objects)).ToList();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        // The matrix reaches all four command lines, so none of the lists went unused.
        var programs = cases.SelectMany(c => c.Manifests.Objects.OfType<V1Pod>().Select(p => p.Spec.Containers[0])
                .Concat(c.Manifests.Objects.OfType<V1Deployment>().Select(d => d.Spec.Template.Spec.Containers[0])))
            .Select(container => EngineFlagFiles.For(container.Command, container.Image))
            .ToHashSet();
        Assert.Equal(
            ["sglang-0.5.4-router_args.txt", "sglang-0.5.4-server_args.txt", "vllm-0.16.0-serve_args.txt", "vllm-router-main-cli_args.txt"],
            programs.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("--tp")] // SGLang declares --tp-size and --tensor-parallel-size; --tp only passes by argparse's prefix matching.
    [InlineData("--tensor-paralel-size")]
    [InlineData("--tp=2")]
    public void An_undeclared_sglang_flag_is_reported_with_its_container_and_data_file(string flag)
    {
        var manifests = ManifestRenderer.Render("qwen", RenderMatrix.Spec("sglang", "nixl", 2), Plans.Qwen72B, Plans.SameNodeH20(out _), new RenderOptions());
        var pod = manifests.Pod("qwen-prefill-0");
        pod.Engine().Command.Add(flag);

        var problem = Assert.Single(FlagChecker.Problems("case", manifests.Objects));

        Assert.Contains(FlagChecker.Flag(flag)!, problem, StringComparison.Ordinal);
        Assert.Contains("Pod qwen-prefill-0, container " + ResourceNames.EngineContainer, problem, StringComparison.Ordinal);
        Assert.Contains("Conformance/EngineFlags/sglang-0.5.4-server_args.txt", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flag_of_the_other_engine_is_not_declared()
    {
        // vLLM's --kv-transfer-config means nothing to SGLang, and SGLang's --disaggregation-mode nothing to vLLM.
        Assert.False(DeclaredFlags.Load("sglang-0.5.4-server_args.txt").Declares("--kv-transfer-config"));
        Assert.False(DeclaredFlags.Load("vllm-0.16.0-serve_args.txt").Declares("--disaggregation-mode"));
        Assert.True(DeclaredFlags.Load("vllm-0.16.0-serve_args.txt").Declares("--no-enable-prefix-caching"));
    }

    [Fact]
    public void An_image_without_a_vendored_flag_list_is_reported_not_passed()
    {
        var manifests = ManifestRenderer.Render("qwen", RenderMatrix.Spec("sglang", "nixl", 2) with { Image = new() { Name = "lmsysorg/sglang:v0.4.9-cu124" } }, Plans.Qwen72B, Plans.SameNodeH20(out _), new RenderOptions { PdRouter = false });

        var problems = FlagChecker.Problems("case", manifests.Objects).ToList();

        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Contains("no vendored flag list for 'sglang.launch_server'", p, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--port", "--port")]
    [InlineData("--kv-transfer-config={}", "--kv-transfer-config")]
    [InlineData("-tp", "-tp")]
    [InlineData("-1", null)]
    [InlineData("0.0.0.0", null)]
    [InlineData("{\"kv_role\":\"kv_both\"}", null)]
    public void A_word_is_a_flag_when_it_starts_with_a_dash_and_is_not_a_number(string word, string? flag) =>
        Assert.Equal(flag, FlagChecker.Flag(word));
}
