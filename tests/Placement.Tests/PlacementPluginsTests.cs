using ControlPlane.Simulation;
using static ControlPlane.Placement.Tests.PlacementFleet;

namespace ControlPlane.Placement.Tests;

public sealed class PlacementPluginsTests
{
    [Fact]
    public void A_new_filter_is_one_class_registered_in_the_plugin_list()
    {
        var index = Index(Node("h20-01", NodeTemplates.H20), Node("a100-01", NodeTemplates.A100));
        var spec = Spec(model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1);
        var engine = new PlacementEngine(new PlacementProfile([.. PlacementPlugins.Default, new PoolInMaintenanceFilter("a100")]));

        var plan = engine.Plan(spec, ModelCatalog.Resolve(spec)!, index);

        Assert.Equal("a100-01", Plan(spec, index).Pairs[0].Prefill.Node);
        Assert.Equal("h20-01", plan.Pairs[0].Prefill.Node);
        Assert.Contains("PoolInMaintenanceFilter: pool a100 is in maintenance", plan.Rejections.Single(r => r.Node == "a100-01").Reasons);
    }

    [Fact]
    public void A_node_state_filter_in_the_list_runs_in_the_index_on_every_node_update()
    {
        var profile = new PlacementProfile([.. PlacementPlugins.Default, new RackDrainFilter("rack-2")]);
        var index = new CapacityIndex([Node("h20-01", NodeTemplates.H20, rack: "rack-2"), Node("h20-02", NodeTemplates.H20)], profile);
        var spec = Spec();

        var plan = new PlacementEngine(profile).Plan(spec, ModelCatalog.Resolve(spec)!, index);

        Assert.Equal("h20-02", plan.Pairs[0].Prefill.Node);
        Assert.Contains("RackDrainFilter: rack rack-2 is draining", plan.Rejections.Single(r => r.Node == "h20-01").Reasons);
    }

    [Fact]
    public void Every_default_plugin_is_registered_once_and_filters_are_named_after_their_class()
    {
        var plugins = PlacementPlugins.Default;

        Assert.Equal(plugins.Count, plugins.Select(p => p.GetType()).Distinct().Count());
        Assert.All(plugins, p => Assert.Equal(p.GetType().Name, p.Name));
        // A plugin class written but not registered would silently never run.
        var written = typeof(PlacementPlugins).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IPlacementPlugin).IsAssignableFrom(t))
            .Select(t => t.Name).Order(StringComparer.Ordinal);
        Assert.Equal(written, plugins.Select(p => p.GetType().Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_weight_of_0_removes_a_score_from_the_choice()
    {
        // llama-3.1-8b TP1+TP1: memory best fit prefers the 96 GiB H20 over the 140 GiB H200; without it,
        // fragmentation prefers the H200 (taking both of its GPUs breaks one NV pair, on the H20 a pair, a quad and the whole).
        var index = Index(Node("h200-01", NodeTemplates.H200), Node("h20-01", NodeTemplates.H20));
        var spec = Spec(model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1);
        var model = ModelCatalog.Resolve(spec)!;

        var withDefaults = new PlacementEngine(new PlacementOptions()).Plan(spec, model, index);
        var withoutMemoryFit = new PlacementEngine(new PlacementOptions { Weights = new PlacementWeights { [MemoryBestFitScore.PerGiB.Key] = 0 } }).Plan(spec, model, index);

        Assert.Equal("h20-01", withDefaults.Pairs[0].Prefill.Node);
        Assert.Equal("h200-01", withoutMemoryFit.Pairs[0].Prefill.Node);
    }

    [Fact]
    public void Default_engine_and_engine_from_default_options_choose_alike()
    {
        var index = Index(Node("h20-01", NodeTemplates.H20), Node("a100-01", NodeTemplates.A100), Node("v100-01", NodeTemplates.V100));
        var spec = Spec(model: "llama-3.1-8b", prefillTp: 2, decodeTp: 2, cc: ["7.0", "8.0", "9.0"], pairs: 3);
        var model = ModelCatalog.Resolve(spec)!;

        var a = new PlacementEngine().Plan(spec, model, index);
        var b = new PlacementEngine(new PlacementOptions()).Plan(spec, model, index);

        Assert.Equal(a.Pairs.Select(p => (p.Prefill.Node, p.Score)), b.Pairs.Select(p => (p.Prefill.Node, p.Score)));
    }

    /// <summary>The whole of a new filter: the class, and its line in the plugin list.</summary>
    private sealed class PoolInMaintenanceFilter(string pool) : IShapeFilter
    {
        public string Name => nameof(PoolInMaintenanceFilter);

        public string? Reject(NodeShape shape, PlacementRequest request) =>
            shape.Representative.Pool == pool ? $"{Name}: pool {pool} is in maintenance" : null;
    }

    private sealed class RackDrainFilter(string rack) : INodeStateFilter
    {
        public string Name => nameof(RackDrainFilter);

        public string? Reject(Wire.Placement.PlacementNode node) => node.Rack == rack ? $"{Name}: rack {rack} is draining" : null;
    }
}
