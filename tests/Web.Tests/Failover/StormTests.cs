using System.Net;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Web.Tests.Apis;
using ControlPlane.Wire.Incidents;
using Xunit.Abstractions;

namespace ControlPlane.Web.Tests.Failover;

/// <summary>Storm protection, with a control plane of its own (a storm pauses automation fleet-wide).</summary>
public sealed class StormTests(ApiFixture fixture, ITestOutputHelper output) : IClassFixture<ApiFixture>
{
    private RunningControlPlane Plane => fixture.Plane;

    [Fact(Timeout = 60_000)]
    public async Task Thirty_percent_of_a_pool_failing_at_once_is_one_fabric_incident_and_nothing_stays_quarantined()
    {
        var nodes = await Plane.ReportNodesAsync("fo-storm", NodeTemplates.H20, 10);
        await Plane.PlaceAsync("storm", DeploymentCalls.Spec("fo-storm", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1));
        var pair = (await Plane.DeploymentAsync("storm")).Pairs[0].Placement;
        var struck = nodes.Where(n => n != pair.Prefill.Node).Take(2).Prepend(pair.Prefill.Node).ToArray();

        // XID 79 (fallen off the bus) on 3 of 10 nodes at once; the first one holds the deployment's pair.
        var reports = struck.Select(async node =>
        {
            var gpu = node == pair.Prefill.Node ? pair.Prefill.GpuIndices[0] : 0;
            using var response = await Plane.PutProbeAsync(node, Reports.WithXid(Reports.Steady(node, 2, NodeTemplates.H20) with { Pool = "fo-storm" }, gpu, 79), RunningControlPlane.AdminKey);
            response.EnsureSuccessStatusCode();
        });
        await Task.WhenAll(reports);

        var open = await Eventually.Until(
            async () => (await Plane.IncidentsAsync()).Where(i => i.State != IncidentState.Merged).ToArray(),
            list => list.Length == 1 && list[0].Kind == IncidentKind.Fabric);
        var fabric = await Plane.IncidentAsync(open[0].Id);
        foreach (var step in fabric.Timeline)
        {
            output.WriteLine($"{step.Step,-10} {step.Actor,-16} {step.Detail}");
        }

        Assert.Equal(IncidentState.NeedsAttention, fabric.State);
        Assert.Equal((ComponentKind.Pool, "fo-storm"), (fabric.Blamed.Kind, fabric.Blamed.Node));
        Assert.All(struck, n => Assert.Contains(n, fabric.Timeline.First(s => s.Step == "signal").Detail, StringComparison.Ordinal));

        // Nothing decided on a partial picture stays in force: no cordon, no quarantine anywhere in the pool.
        await Eventually.Until(async () => await Task.WhenAll(nodes.Select(n => Plane.GetNodeAsync(n))),
            views => views.All(v => !v!.Cordon.Cordoned && v.Gpus.All(g => g.Quarantine is null) && v.Nics.All(n => n.Quarantine is null)));

        // A person resolves it and automation resumes.
        using var resolve = await Plane.PostJsonAsync($"/api/v1/incidents/{fabric.Id}/resolve", new { note = "PDU replaced" }, ApiFixture.OperatorKey);
        Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        var resolved = await Plane.IncidentAsync(fabric.Id);
        Assert.Equal(IncidentState.Resolved, resolved.State);
        Assert.Contains(resolved.Timeline, s => s.Step == "resumed");
    }
}
