using ControlPlane.Placement;

namespace ControlPlane.Kubernetes.Tests;

/// <summary>
/// What the engines are told to load is something they can load: a catalog model's Hugging Face repo id by default,
/// not the catalog's short id (which no hub or path resolves), unless the cluster names a path.
/// </summary>
public sealed class ModelSourceTests
{
    [Theory]
    [InlineData("qwen2.5-72b", "Qwen/Qwen2.5-72B-Instruct")]
    [InlineData("llama-3.1-70b", "meta-llama/Llama-3.1-70B-Instruct")]
    public void A_catalog_model_is_served_from_its_repo_id_by_both_engines(string model, string repo)
    {
        var spec = ModelCatalog.Models[model];

        var sglang = ManifestRenderer.Render("m", Plans.Spec() with { Model = model }, spec, Plans.SameNodeH20(out _), new RenderOptions());
        var vllm = ManifestRenderer.Render("m", Plans.Spec(engine: "vllm") with { Model = model }, spec, Plans.SameNodeH20(out _), new RenderOptions());

        Assert.Equal(repo, sglang.Pod("m-prefill-0").Arg("--model-path"));
        Assert.Equal(["vllm", "serve", repo], vllm.Pod("m-decode-0").Engine().Command.Take(3));
    }

    [Fact]
    public void The_clusters_model_path_wins_and_a_host_path_serves_the_mounted_copy()
    {
        var spec = ModelCatalog.Models["qwen2.5-72b"];

        var pinned = ManifestRenderer.Render("m", Plans.Spec(), spec, Plans.SameNodeH20(out _), new RenderOptions { ModelPath = "/weights/qwen" });
        var mounted = ManifestRenderer.Render("m", Plans.Spec(), spec, Plans.SameNodeH20(out _), new RenderOptions { ModelHostPath = "/mnt/models" });

        Assert.Equal("/weights/qwen", pinned.Pod("m-prefill-0").Arg("--model-path"));
        Assert.Equal("/models/qwen2.5-72b", mounted.Pod("m-prefill-0").Arg("--model-path"));
    }

    [Fact]
    public void Every_catalog_model_names_a_repo_to_load_from()
    {
        Assert.All(ModelCatalog.Models.Values, m => Assert.Matches("^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$", m.Source ?? ""));
    }
}
