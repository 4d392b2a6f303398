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

        // XID 79 (fallen off the bus) under the pair first: on that partial picture automation cordons the node and re-places the pair.
        await XidAsync(pair.Prefill.Node, pair.Prefill.GpuIndices[0], 79);
        var early = Assert.Single(await Eventually.Until(() => Plane.IncidentsAsync(), list => list.Length == 1));
        await Eventually.Until(() => Plane.GetNodeAsync(pair.Prefill.Node), v => v!.Cordon.Cordoned);
        var moved = (await Eventually.Until(() => Plane.DeploymentAsync("storm"), v => v.Pairs[0].Revision == 1)).Pairs[0];

        // Then XID 79 on two more nodes at once: 3 of 10 within the storm window, more than 10 % of the pool.
        string[] held = [pair.Prefill.Node, pair.Decode.Node, moved.Placement.Prefill.Node, moved.Placement.Decode.Node];
        var struck = nodes.Where(n => !held.Contains(n)).Take(2).Prepend(pair.Prefill.Node).ToArray();
        await Task.WhenAll(struck.Skip(1).Select(node => XidAsync(node, 0, 79)));

        var open = await Eventually.Until(
            async () => (await Plane.IncidentsAsync()).Where(i => i.State != IncidentState.Merged).ToArray(),
            list => list.Length == 1 && list[0].Kind == IncidentKind.Fabric);
        var fabric = await Plane.IncidentAsync(open[0].Id);
        Print(fabric);

        Assert.Equal(IncidentState.NeedsAttention, fabric.State);
        Assert.Equal((ComponentKind.Pool, "fo-storm"), (fabric.Blamed.Kind, fabric.Blamed.Node));
        Assert.All(struck, n => Assert.Contains(n, fabric.Timeline.First(s => s.Step == "signal").Detail, StringComparison.Ordinal));

        // The incident opened on the partial picture is folded into the fabric one and gave its cordon back.
        var folded = await Plane.IncidentAsync(early.Id);
        Print(folded);
        Assert.Equal((IncidentState.Merged, fabric.Id), (folded.State, folded.MergedInto));
        Assert.Equal(["quarantine", "lifted", "merged"], folded.Timeline.Select(s => s.Step).Where(s => s is "quarantine" or "lifted" or "merged"));
        Assert.Equal([early.Id, fabric.Id], (await Plane.IncidentsAsync()).Select(i => i.Id).Order(StringComparer.Ordinal));

        // Nothing decided on a partial picture stays in force: no cordon, no quarantine anywhere in the pool.
        var views = await Eventually.Until(async () => await Task.WhenAll(nodes.Select(n => Plane.GetNodeAsync(n))),
            views => views.All(v => !v!.Cordon.Cordoned && v.Gpus.All(g => g.Quarantine is null) && v.Nics.All(n => n.Quarantine is null)));
        Assert.Equal(10, views.Length);

        // Automation is paused: a fatal XID under the re-placed pair is recorded on the fabric incident, nothing more.
        await XidAsync(moved.Placement.Prefill.Node, moved.Placement.Prefill.GpuIndices[0], 48);
        var paused = await Eventually.Until(() => Plane.IncidentAsync(fabric.Id), i => i.Timeline.Count(s => s.Step == "paused") == 2);
        Print(paused);
        Assert.Contains($"automation is paused by fabric incident {fabric.Id}", paused.Timeline.Last(s => s.Step == "paused").Detail, StringComparison.Ordinal);
        Assert.Equal(("storm", 0, 1, "kept"), (paused.Pairs.Single().Deployment, paused.Pairs.Single().Pair, paused.Pairs.Single().Revision, paused.Pairs.Single().Progress));
        Assert.Equal(2, (await Plane.IncidentsAsync()).Length);
        var after = (await Plane.DeploymentAsync("storm")).Pairs[0];
        Assert.Equal((1, moved.Placement.Prefill.Node), (after.Revision, after.Placement.Prefill.Node));
        var hit = (await Plane.GetNodeAsync(moved.Placement.Prefill.Node))!;
        Assert.False(hit.Cordon.Cordoned);
        Assert.All(hit.Gpus, g => Assert.Null(g.Quarantine));

        // A person resolves it and automation resumes.
        using var resolve = await Plane.PostJsonAsync($"/api/v1/incidents/{fabric.Id}/resolve", new { note = "PDU replaced" }, ApiFixture.OperatorKey);
        Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        var resolved = await Plane.IncidentAsync(fabric.Id);
        Assert.Equal(IncidentState.Resolved, resolved.State);
        Assert.Contains(resolved.Timeline, s => s.Step == "resumed");
    }

    private async Task XidAsync(string node, int gpu, int xid)
    {
        using var response = await Plane.PutProbeAsync(node, Reports.WithXid(Reports.Steady(node, 2, NodeTemplates.H20) with { Pool = "fo-storm" }, gpu, xid), RunningControlPlane.AdminKey);
        response.EnsureSuccessStatusCode();
    }

    private void Print(IncidentView incident)
    {
        output.WriteLine($"== {incident.Id} {incident.Kind} {incident.State}{(incident.MergedInto is { } into ? $" into {into}" : "")}");
        foreach (var step in incident.Timeline)
        {
            output.WriteLine($"   {step.Step,-10} {step.Actor,-16} {step.Detail}");
        }
    }
}
