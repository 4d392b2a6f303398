using ControlPlane.Simulation;
using ControlPlane.Wire.Deployments;
using static ControlPlane.Placement.Tests.PlacementFleet;

namespace ControlPlane.Placement.Tests;

public sealed class PlacementVocabularyTests
{
    [Fact]
    public void Qwen_72b_KV_of_a_4k_prompt_takes_3_4_ms_on_NV18_27_ms_on_400G_RDMA_3_7_s_on_TCP()
    {
        var qwen = ModelCatalog.Models["qwen2.5-72b"];

        Assert.Equal(320 * 1024, qwen.KvBytesPerToken);
        Assert.Equal(3.41, KvPath.TransferMs(qwen, KvPath.NvLinkGBps(18)), 2);
        Assert.Equal(26.8, KvPath.TransferMs(qwen, KvPath.RdmaGBps(400)), 1);
        Assert.Equal(3677, KvPath.TransferMs(qwen, KvPath.TcpGBps), 0);
    }

    [Fact]
    public void DeepSeek_V3_caches_576_MLA_values_per_layer()
    {
        Assert.Equal(61 * 576 * 2, ModelCatalog.Models["deepseek-v3"].KvBytesPerToken);
    }

    [Fact]
    public void Custom_model_resolves_from_the_spec()
    {
        var custom = new ModelSpec { Id = "mine", Layers = 4, KvHeads = 2, HeadDim = 64 };

        Assert.Same(custom, ModelCatalog.Resolve(Spec() with { Model = "custom", CustomModel = custom }));
        Assert.Null(ModelCatalog.Resolve(Spec() with { Model = "gpt-9" }));
    }

    [Fact]
    public void Validator_names_each_bad_field_as_JSON_spells_it()
    {
        var spec = Spec() with
        {
            Model = "gpt-9",
            Engine = "trtllm",
            Image = new ImageSpec { ComputeCapabilities = ["sm90"], Cuda = "12.7" },
            Prefill = new ReplicaSpec { Tp = 3 },
            Decode = new ReplicaSpec { Tp = 16 },
            Pairs = 0,
            TransferBackend = "ucx",
            TransferPolicy = "prefer-nvlnk",
            Spread = "zone",
            Binding = "any",
        };

        var errors = DeploymentSpecValidator.Validate(spec, largestNodeGpus: 8);

        Assert.Equal(
            new[] { "binding", "decode.tp", "engine", "image.computeCapabilities", "image.cuda", "image.name", "model", "pairs", "prefill.tp", "spread", "transferBackend", "transferPolicy" },
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("larger than any node", errors["decode.tp"][0], StringComparison.Ordinal);
        Assert.Empty(DeploymentSpecValidator.Validate(Spec(), 8));
    }

    [Fact]
    public void Validator_checks_a_custom_model()
    {
        var errors = DeploymentSpecValidator.Validate(Spec() with { Model = "custom" }, 8);
        Assert.Contains("customModel", errors.Keys);
    }

    [Theory]
    [InlineData("550.54.15", "12.4", "12.4", true)]
    [InlineData("535.183.01", "12.2", "12.4", false)]
    [InlineData("535.183.01", "", "12.2", true)]
    [InlineData("535.183.01", "", "12.3", false)]
    [InlineData("580.159.04", "13.0", "13.0", true)]
    public void Driver_must_support_the_image_CUDA(string driver, string cuda, string image, bool ok)
    {
        Assert.Equal(ok, CudaCompatibility.Incompatibility(driver, cuda, image) is null);
    }

    [Fact]
    public void H20_template_has_two_TP4_NVLink_groups_one_per_NUMA_node_and_V100_has_no_TP8_group()
    {
        var index = Index(Node("h20-01", NodeTemplates.H20), Node("v100-01", NodeTemplates.V100), Node("h100-01", NodeTemplates.H100));

        Assert.Equal(2 + 2 + 2, Fragmentation.FreeNvLinkGroups(index, 4));
        Assert.Equal(1 + 0 + 1, Fragmentation.FreeNvLinkGroups(index, 8));
    }
}
