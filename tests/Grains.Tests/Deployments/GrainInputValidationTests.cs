using ControlPlane.Contracts.Deployments;
using ControlPlane.Contracts.Errors;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Testing;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Nodes;

namespace ControlPlane.Grains.Tests.Deployments;

/// <summary>
/// Grains refuse, with the rules REST applies, what other services send them directly: the field errors travel as an
/// <see cref="InvalidInputException"/>, and nothing is stored or held.
/// </summary>
public sealed class GrainInputValidationTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private const string Pool = "giv";

    [Fact]
    public async Task A_spec_with_tp_0_is_refused_by_the_grain_naming_the_field_and_nothing_is_stored_or_held()
    {
        await SparePools.RegisterAsync(fixture.Grains, Pool, ["giv-1"]);
        var deployment = fixture.Grains.GetGrain<IModelDeploymentGrain>("giv-tp0");
        var spec = SparePools.Qwen(Pool, tp: 4, spares: 0) with { Prefill = new ReplicaSpec { Tp = 0 } };

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => deployment.PutAsync(spec));

        Assert.Equal("Invalid deployment spec", refused.Title);
        Assert.Contains("prefill.tp", refused.Errors.Keys);
        Assert.Null(await deployment.GetAsync());
        Assert.DoesNotContain("giv-tp0", await DeploymentDirectory.ListAsync(fixture.Grains));
        var node = await fixture.Grains.GetGrain<INodeGrain>("giv-1").GetPlacementAsync();
        Assert.All(node!.Gpus, g => Assert.Null(g.AllocatedTo));
    }

    [Theory]
    [InlineData("9evil")]
    [InlineData("evil/pair-0/x")]
    public async Task A_name_REST_would_refuse_is_refused_by_the_grain(string name)
    {
        var refused = await Assert.ThrowsAsync<InvalidInputException>(() =>
            fixture.Grains.GetGrain<IModelDeploymentGrain>(name).PutAsync(SparePools.Qwen(Pool, tp: 4, spares: 0)));

        Assert.Contains("name", refused.Errors.Keys);
        Assert.Null(await fixture.Grains.GetGrain<IModelDeploymentGrain>(name).GetAsync());
    }

    [Fact]
    public async Task Negative_spares_zero_pairs_and_a_reserved_label_key_are_each_named()
    {
        var spec = SparePools.Qwen(Pool, tp: 4, spares: -5) with
        {
            Pairs = 0,
            Labels = new Dictionary<string, string> { ["controlplane.io/owner"] = "me" },
        };

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() => fixture.Grains.GetGrain<IModelDeploymentGrain>("giv-many").PutAsync(spec));

        Assert.Contains("pairs", refused.Errors.Keys);
        Assert.Contains("spares", refused.Errors.Keys);
        Assert.Contains("labels.controlplane.io/owner", refused.Errors.Keys);
    }

    [Fact]
    public async Task A_cordon_reason_over_512_characters_is_refused_by_the_node_grain_and_the_node_stays_uncordoned()
    {
        await fixture.Grains.GetGrain<INodeGrain>("giv-cordon").ReportAsync(Reports.Steady("giv-cordon", 1));
        var node = fixture.Grains.GetGrain<INodeGrain>("giv-cordon");

        var refused = await Assert.ThrowsAsync<InvalidInputException>(() =>
            node.SetCordonAsync(new CordonChange { Cordon = true, Reason = new string('x', 2 * 1024 * 1024), By = "svc" }));

        Assert.Equal(["reason"], refused.Errors.Keys);
        Assert.False((await node.GetAsync())!.Cordon?.Cordoned ?? false);
    }
}

/// <summary>An incident's resolve note is held to the API's rule by the grain itself.</summary>
public sealed class IncidentInputValidationTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    [Fact]
    public async Task A_resolve_note_over_512_characters_is_refused_by_the_incident_grain()
    {
        var refused = await Assert.ThrowsAsync<InvalidInputException>(() =>
            fixture.Grains.GetGrain<Contracts.Incidents.IIncidentGrain>("inc-validation").ResolveAsync("svc", new string('n', 513)));

        Assert.Equal(["note"], refused.Errors.Keys);
    }
}
