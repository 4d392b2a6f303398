using ControlPlane.Simulation;
using static ControlPlane.Placement.Tests.PlacementFleet;

namespace ControlPlane.Placement.Tests;

/// <summary>A plan that adds to a deployment (growing it, a spare or a replacement placed later) spreads from the pairs it has.</summary>
public sealed class SpreadBesideTests
{
    [Fact]
    public void A_new_pair_avoids_the_node_of_a_pair_the_deployment_already_has()
    {
        var index = Index(Node("h20-a", NodeTemplates.H20), Node("h20-b", NodeTemplates.H20));
        var spec = Spec(prefillTp: 2, decodeTp: 2);
        var engine = new PlacementEngine();
        var alone = engine.Plan(spec, ModelCatalog.Resolve(spec)!, index);
        var first = alone.Pairs[0];

        var beside = engine.Plan(spec, ModelCatalog.Resolve(spec)!, index, [first]);

        Assert.True(beside.Complete);
        Assert.Equal(first.Prefill.Node, first.Decode.Node);
        Assert.NotEqual(first.Prefill.Node, beside.Pairs[0].Prefill.Node);
        Assert.Equal("nvlink", beside.Pairs[0].Tier);
    }

    [Fact]
    public void With_rack_spread_a_new_pair_avoids_the_rack_of_a_pair_the_deployment_already_has()
    {
        var index = Index(Node("h20-a", NodeTemplates.H20, rack: "rack-1"), Node("h20-b", NodeTemplates.H20, rack: "rack-1"), Node("h20-c", NodeTemplates.H20, rack: "rack-2"));
        var spec = Spec(prefillTp: 2, decodeTp: 2) with { Spread = "rack" };
        var engine = new PlacementEngine();
        var existing = engine.Plan(spec with { Nodes = ["h20-a"] }, ModelCatalog.Resolve(spec)!, index).Pairs[0];

        var beside = engine.Plan(spec, ModelCatalog.Resolve(spec)!, index, [existing]);

        Assert.Equal("h20-a", existing.Prefill.Node);
        Assert.Equal("h20-c", beside.Pairs[0].Prefill.Node);
    }

    [Fact]
    public void A_pair_beside_is_only_spread_from_and_its_node_stays_usable_when_nothing_else_fits()
    {
        var index = Index(Node("h20-a", NodeTemplates.H20));
        var spec = Spec(prefillTp: 2, decodeTp: 2);
        var engine = new PlacementEngine();
        var existing = engine.Plan(spec, ModelCatalog.Resolve(spec)!, index).Pairs[0];

        var beside = engine.Plan(spec, ModelCatalog.Resolve(spec)!, index, [existing]);

        Assert.True(beside.Complete);
        Assert.Equal("h20-a", beside.Pairs[0].Prefill.Node);
    }
}
