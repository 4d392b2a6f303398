using ControlPlane.Simulation;
using ControlPlane.Wire.Deployments;
using static ControlPlane.Placement.Tests.PlacementFleet;

namespace ControlPlane.Placement.Tests.Scores;

public sealed class MemoryBestFitScoreTests
{
    private readonly MemoryBestFitScore _score = new(100);

    [Fact]
    public void Bigger_GPUs_than_the_replica_needs_score_lower()
    {
        var request = Request(Spec(model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1));

        var h20 = _score.Score(Shape(Node("h20-01", NodeTemplates.H20)), request, 1);
        var h200 = _score.Score(Shape(Node("h200-01", NodeTemplates.H200)), request, 1);

        Assert.True(h20 < 0);
        Assert.True(h200 < h20);
    }

    [Fact]
    public void Model_without_a_known_weight_size_is_not_scored()
    {
        var custom = new ModelSpec { Id = "mine", Layers = 4, KvHeads = 2, HeadDim = 64 };
        var request = new PlacementRequest(Spec(), custom);

        Assert.Equal(0, _score.Score(Shape(Node("h200-01", NodeTemplates.H200)), request, 1));
    }

    [Fact]
    public void Small_model_goes_to_the_smaller_GPUs()
    {
        var plan = Plan(Spec(model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1), Index(Node("h200-01", NodeTemplates.H200), Node("h20-01", NodeTemplates.H20)));

        Assert.Equal("h20-01", plan.Pairs[0].Prefill.Node);
    }
}
