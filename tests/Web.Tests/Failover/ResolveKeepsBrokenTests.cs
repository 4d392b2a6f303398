using System.Net.Http.Json;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Web.Apis;
using ControlPlane.Web.Tests.Apis;
using ControlPlane.Wire.Incidents;
using Xunit.Abstractions;

namespace ControlPlane.Web.Tests.Failover;

/// <summary>
/// Resolving an incident does not silently put hardware that is still bad back into placement: what is still Unhealthy
/// stays out (a GPU quarantine turns into one that lifts itself once the GPU is healthy), and the timeline says so.
/// </summary>
public sealed class ResolveKeepsBrokenTests(DeploymentClusterFixture fixture, ITestOutputHelper output) : IClassFixture<DeploymentClusterFixture>
{
    [Fact(Timeout = 90_000)]
    public async Task Resolving_an_xid_incident_while_the_gpu_is_still_unhealthy_keeps_it_out_of_placement_and_says_so()
    {
        var plane = fixture.Plane;
        await plane.ReportNodesAsync("fo-keep", NodeTemplates.H20, 2);
        await plane.PlaceAsync("keep", DeploymentCalls.Spec("fo-keep", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1));
        var placed = (await plane.DeploymentAsync("keep")).Pairs[0].Placement;
        var (node, gpu) = (placed.Prefill.Node, placed.Prefill.GpuIndices[0]);
        using (var report = await plane.PutProbeAsync(node, Reports.WithXid(Reports.Steady(node, 2, NodeTemplates.H20) with { Pool = "fo-keep" }, gpu, 79), RunningControlPlane.AdminKey))
        {
            report.EnsureSuccessStatusCode();
        }

        var incident = (await Eventually.Until(() => plane.IncidentsAsync("?deployment=keep"), list => list.Length == 1))[0];
        using var resolve = await plane.PostJsonAsync($"/api/v1/incidents/{incident.Id}/resolve", new { note = "swapped the riser" }, ApiFixture.OperatorKey);
        resolve.EnsureSuccessStatusCode();
        var resolved = (await resolve.Content.ReadFromJsonAsync<IncidentView>(ApiJson.Options))!;
        foreach (var step in resolved.Timeline)
        {
            output.WriteLine($"{step.Step,-10} {step.Detail}");
        }

        var view = (await plane.GetNodeAsync(node))!;
        var held = view.Gpus.Single(g => g.Report.Index == gpu);
        var stillOut = view.Cordon.Cordoned || held.Quarantine is not null;

        Assert.Equal(IncidentState.Resolved, resolved.State);
        Assert.Contains(resolved.Timeline, s => s.Step == "kept" && s.Detail.Contains("still", StringComparison.Ordinal));
        Assert.DoesNotContain(resolved.Timeline, s => s.Step == "lifted");
        Assert.True(stillOut, $"{node} GPU {gpu} is back in placement while Unhealthy");
        Assert.True(held.Quarantine is null || held.Quarantine.LiftWhenStable, "a kept quarantine must lift itself once the GPU is healthy");
    }
}
