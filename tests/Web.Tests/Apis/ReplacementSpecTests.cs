using System.Net;
using System.Net.Http.Json;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Web.Apis;
using ControlPlane.Web.Tests.Failover;
using ControlPlane.Wire.Deployments;

namespace ControlPlane.Web.Tests.Apis;

/// <summary>
/// A spec change that moves every pair (plan-only): refused before anything is deleted when it fits nowhere, even on the
/// GPUs the deployment would free; accepted when it fits only there.
/// </summary>
public sealed class ReplacementSpecTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private RunningControlPlane Plane => fixture.Plane;

    [Fact(Timeout = 60_000)]
    public async Task A_change_that_fits_nowhere_is_409_and_the_running_pairs_their_GPUs_and_the_spec_stay()
    {
        var nodes = await Plane.ReportNodesAsync("re-none", NodeTemplates.H20, 1);
        await Plane.PlaceAsync("keep", DeploymentCalls.Spec("re-none", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, nodes: nodes));
        var before = await Plane.DeploymentAsync("keep");
        var held = await HeldAsync(nodes);

        // 8 + 8 GPUs on one 8-GPU node: no placement, whatever this deployment frees.
        using var change = await Plane.PutDeploymentAsync("keep", DeploymentCalls.Spec("re-none", model: "llama-3.1-8b", prefillTp: 8, decodeTp: 8, nodes: nodes));

        Assert.Equal(HttpStatusCode.Conflict, change.StatusCode);
        Assert.Contains("running and the spec are unchanged", (await change.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var after = await Plane.DeploymentAsync("keep");
        Assert.Equal((before.Status, before.Generation, 1, 1), (after.Status, after.Generation, after.Spec.Prefill.Tp, after.Pairs.Length));
        Assert.Equal(before.Pairs[0].Placement.Prefill.GpuUuids, after.Pairs[0].Placement.Prefill.GpuUuids);
        Assert.Empty(after.Removing);
        Assert.Equal(held, await HeldAsync(nodes));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_change_that_fits_only_on_the_GPUs_the_deployment_frees_is_placed_there()
    {
        var nodes = await Plane.ReportNodesAsync("re-own", NodeTemplates.H20, 1);
        await Plane.PlaceAsync("fill", DeploymentCalls.Spec("re-own", model: "llama-3.1-8b", prefillTp: 4, decodeTp: 4, nodes: nodes));
        Assert.Equal(8, (await HeldAsync(nodes)).Length);

        using var change = await Plane.PutDeploymentAsync("fill", DeploymentCalls.Spec("re-own", model: "llama-3.1-8b", prefillTp: 2, decodeTp: 2, pairs: 2, nodes: nodes));

        Assert.True(change.IsSuccessStatusCode, await change.Content.ReadAsStringAsync());
        var view = (await change.Content.ReadFromJsonAsync<DeploymentView>(ApiJson.Options))!;
        Assert.Equal((2, 2), (view.Pairs.Length, view.Spec.Prefill.Tp));
        Assert.Equal(["fill/pair-0/decode", "fill/pair-0/prefill", "fill/pair-1/decode", "fill/pair-1/prefill"], (await HeldAsync(nodes)).Distinct().Order(StringComparer.Ordinal));
    }

    private async Task<string[]> HeldAsync(string[] nodes) =>
        [.. (await Plane.GpusAsync(nodes)).Where(g => g.AllocatedTo is not null).Select(g => g.AllocatedTo!).Order(StringComparer.Ordinal)];
}
