namespace ControlPlane.Placement.Tests.Catalog;

public sealed class EngineImageVersionsTests
{
    [Theory]
    [InlineData("vllm/vllm-openai:v0.13.0", "0.13.0")]
    [InlineData("docker.io/vllm/vllm-openai:v0.11.2", "0.11.2")]
    [InlineData("registry.local:5000/vllm/vllm-openai:0.12", "0.12.0")]
    [InlineData("lmsysorg/sglang:v0.5.4-cu124", "0.5.4")]
    [InlineData("vllm/vllm-openai:v0.10.1@sha256:0123", "0.10.1")]
    public void A_tag_with_a_version_names_the_engine_version(string image, string version) =>
        Assert.Equal(Version.Parse(version), EngineImageVersions.Of(image));

    [Theory]
    [InlineData("vllm/vllm-openai:latest")]
    [InlineData("vllm/vllm-openai:nightly")]
    [InlineData("registry.local:5000/vllm/vllm-openai")]
    [InlineData("vllm/vllm-openai@sha256:0123")]
    public void A_tag_without_a_version_says_nothing_and_refuses_nothing(string image)
    {
        Assert.Null(EngineImageVersions.Of(image));
        Assert.Null(EngineImageVersions.Refusal("vllm", "mooncake", image));
    }

    [Theory]
    [InlineData("vllm", "mooncake", "vllm/vllm-openai:v0.12.0", true)]
    [InlineData("vllm", "mooncake", "vllm/vllm-openai:v0.13.0", false)]
    [InlineData("vllm", "nixl", "vllm/vllm-openai:v0.9.0", false)]
    [InlineData("sglang", "mooncake", "lmsysorg/sglang:v0.4.0", false)]
    public void Only_vllm_before_its_mooncake_connector_is_refused(string engine, string backend, string image, bool refused) =>
        Assert.Equal(refused, EngineImageVersions.Refusal(engine, backend, image) is not null);
}
