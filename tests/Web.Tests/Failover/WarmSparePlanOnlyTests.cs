using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Web.Apis;
using ControlPlane.Web.Tests.Apis;
using ControlPlane.Wire.Incidents;

namespace ControlPlane.Web.Tests.Failover;

/// <summary>Warm spares in embedded plan-only mode (no cluster: a spare is Planned, and a Planned spare is swapped in).</summary>
public sealed class WarmSparePlanOnlyTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private RunningControlPlane Plane => fixture.Plane;

    [Fact(Timeout = 60_000)]
    public async Task A_deployment_with_one_spare_shows_it_holds_its_gpus_and_leaves_it_out_of_the_endpoints()
    {
        var nodes = await Plane.ReportNodesAsync("sp-show", NodeTemplates.H20, 2);
        await Plane.PlaceAsync("sps", DeploymentCalls.Spec("sp-show", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, pairs: 2, spares: 1));

        var view = await Plane.GetJsonAsync<JsonElement>("/api/v1/deployments/sps", ApiFixture.ViewerKey);
        Assert.Equal(1, view.GetProperty("spec").GetProperty("spares").GetInt32());
        var spare = Assert.Single(view.GetProperty("spares").EnumerateArray());
        Assert.Equal(("spare-0", -1, "Planned"), (spare.GetProperty("unit").GetString(), spare.GetProperty("index").GetInt32(), spare.GetProperty("state").GetString()));
        Assert.Equal(["pair-0", "pair-1"], view.GetProperty("pairs").EnumerateArray().Select(p => p.GetProperty("unit").GetString()));

        var held = (await Plane.GpusAsync(nodes)).Where(g => g.AllocatedTo is not null).Select(g => g.AllocatedTo!).Order().ToArray();
        Assert.Equal(["sps/pair-0/decode", "sps/pair-0/prefill", "sps/pair-1/decode", "sps/pair-1/prefill", "sps/spare-0/decode", "sps/spare-0/prefill"], held);
        var holders = new List<(string? Owner, string? Unit, int Pair)>();
        foreach (var node in nodes)
        {
            var detail = await Plane.GetJsonAsync<JsonElement>($"/api/v1/nodes/{node}", ApiFixture.ViewerKey);
            holders.AddRange(detail.GetProperty("gpus").EnumerateArray()
                .Where(g => g.TryGetProperty("heldBy", out var h) && h.ValueKind == JsonValueKind.Object)
                .Select(g => g.GetProperty("heldBy"))
                .Select(h => (h.GetProperty("owner").GetString(), h.GetProperty("unit").GetString(), h.GetProperty("pair").GetInt32())));
        }

        Assert.Contains(("sps/spare-0/prefill", "spare-0", -1), holders);
        Assert.Contains(("sps/pair-1/decode", "pair-1", 1), holders);

        var endpoints = await Plane.GetJsonAsync<JsonElement>("/api/v1/deployments/sps/endpoints", ApiFixture.ViewerKey);
        Assert.Equal(["sps-prefill-0", "sps-prefill-1"], endpoints.GetProperty("pairs").EnumerateArray().Select(p => p.GetProperty("prefillPod").GetString()));

        using var client = Plane.Client(ApiFixture.ViewerKey);
        var yaml = await client.GetStringAsync(new Uri("/api/v1/deployments/sps/manifests", UriKind.Relative));
        Assert.Contains("name: sps-prefill-spare-0", yaml, StringComparison.Ordinal);
        Assert.Contains("name: sps-spare-0", yaml, StringComparison.Ordinal);

        // Fewer spares: the spare goes and, nothing having run, its GPUs at once.
        using (var shrunk = await Plane.PutDeploymentAsync("sps", DeploymentCalls.Spec("sp-show", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, pairs: 2, spares: 0)))
        {
            Assert.Equal(HttpStatusCode.OK, shrunk.StatusCode);
        }

        Assert.Empty((await Plane.DeploymentAsync("sps")).Spares);
        Assert.DoesNotContain((await Plane.GpusAsync(nodes)).Select(g => g.AllocatedTo), o => o?.Contains("spare", StringComparison.Ordinal) == true);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_fatal_xid_under_a_serving_pair_swaps_the_planned_spare_in_and_places_a_new_one()
    {
        var nodes = await Plane.ReportNodesAsync("sp-plan", NodeTemplates.H20, 2);
        await Plane.PlaceAsync("spp", DeploymentCalls.Spec("sp-plan", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, spares: 1));
        var before = await Plane.DeploymentAsync("spp");
        var pair = before.Pairs[0].Placement;
        var spare = before.Spares[0].Placement;

        var node = pair.Prefill.Node;
        using (var report = await Plane.PutProbeAsync(node, Reports.WithXid(Reports.Steady(node, 2, NodeTemplates.H20) with { Pool = "sp-plan" }, pair.Prefill.GpuIndices[0], 48), RunningControlPlane.AdminKey))
        {
            report.EnsureSuccessStatusCode();
        }

        var after = await Eventually.Until(() => Plane.DeploymentAsync("spp"), v => v.Pairs[0].Unit == "spare-0" && v.Spares.Length == 1);
        Assert.Equal((0, 1), (after.Pairs[0].Index, after.Pairs[0].Revision));
        Assert.Equal((spare.Prefill.Node, spare.Prefill.GpuIndices[0]), (after.Pairs[0].Placement.Prefill.Node, after.Pairs[0].Placement.Prefill.GpuIndices[0]));
        Assert.Equal("spare-1", after.Spares[0].Unit);
        Assert.Empty(after.Removing);

        var endpoint = Assert.Single((await Plane.GetJsonAsync<JsonElement>("/api/v1/deployments/spp/endpoints", ApiFixture.ViewerKey)).GetProperty("pairs").EnumerateArray());
        Assert.Equal(("spp-prefill-spare-0", spare.Prefill.Node, 1), (endpoint.GetProperty("prefillPod").GetString(), endpoint.GetProperty("prefillNode").GetString(), endpoint.GetProperty("revision").GetInt32()));

        var incident = (await Eventually.Until(() => Plane.IncidentsAsync("?deployment=spp"), list => list.Length == 1 && list[0].State == IncidentState.Recovered))[0];
        var timeline = (await Plane.IncidentAsync(incident.Id)).Timeline;
        Assert.Contains(timeline, s => s.Step == "re-place" && s.Detail.StartsWith("spare-0 swapped in as pair 0 revision 1", StringComparison.Ordinal));

        // Plan-only: the old pair's GPUs are free at once; the swapped spare keeps its owners, the new spare has its own.
        var held = (await Plane.GpusAsync(nodes)).Where(g => g.AllocatedTo is not null).Select(g => g.AllocatedTo!).Order().ToArray();
        Assert.Equal(["spp/spare-0/decode", "spp/spare-0/prefill", "spp/spare-1/decode", "spp/spare-1/prefill"], held);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_fatal_xid_under_a_swapped_in_spare_fails_that_pair_over_again()
    {
        var nodes = await Plane.ReportNodesAsync("sp-twice", NodeTemplates.H20, 2);
        await Plane.PlaceAsync("sp2", DeploymentCalls.Spec("sp-twice", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, spares: 1));
        var first = (await Plane.DeploymentAsync("sp2")).Pairs[0].Placement.Prefill;
        await XidAsync("sp-twice", first.Node, first.GpuIndices[0], sequence: 2);
        var swapped = await Eventually.Until(() => Plane.DeploymentAsync("sp2"), v => v.Pairs[0].Unit == "spare-0" && v.Spares.Length == 1);

        // The swapped-in spare keeps its reservations (owner sp2/spare-0/...): a fault under them is pair 0's.
        var serving = swapped.Pairs[0].Placement.Prefill;
        await XidAsync("sp-twice", serving.Node, serving.GpuIndices[0], sequence: serving.Node == first.Node ? 3 : 2);

        // Waits for the spare placed behind it too (in the background), so what is held is settled.
        var after = await Eventually.Until(() => Plane.DeploymentAsync("sp2"), v => v.Pairs[0].Revision == 2 && v.Spares.Length == 1);
        Assert.False(after.Pairs[0].Placement.Prefill.Node == serving.Node && after.Pairs[0].Placement.Prefill.GpuIndices.Contains(serving.GpuIndices[0]));
        var incidents = await Eventually.Until(() => Plane.IncidentsAsync("?deployment=sp2"), list => list.Length == 2 && list.All(i => i.State == IncidentState.Recovered));
        var second = await Plane.IncidentAsync(incidents.Single(i => i.Pairs.Any(p => p.Unit == "spare-0")).Id);
        Assert.Contains(second.Timeline, step => step.Step == "re-place");
        Assert.DoesNotContain(second.Timeline, step => step.Step == "not-affected");
        var held = (await Plane.GpusAsync(nodes)).Where(g => g.AllocatedTo is not null).Select(g => g.AllocatedTo!).ToArray();
        Assert.DoesNotContain("sp2/spare-0/prefill", held);
        Assert.Equal(2, held.Count(h => h.EndsWith("/prefill", StringComparison.Ordinal)));
    }

    [Fact(Timeout = 60_000)]
    public async Task Fewer_pairs_and_spares_in_plan_only_free_their_GPUs_at_once_and_the_message_says_so()
    {
        var nodes = await Plane.ReportNodesAsync("sp-less", NodeTemplates.H20, 2);
        await Plane.PlaceAsync("spl", DeploymentCalls.Spec("sp-less", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, pairs: 2, spares: 1));

        await Plane.PlaceAsync("spl", DeploymentCalls.Spec("sp-less", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, pairs: 2, spares: 0));
        var noSpare = await Plane.DeploymentAsync("spl");
        await Plane.PlaceAsync("spl", DeploymentCalls.Spec("sp-less", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, pairs: 1, spares: 0));
        var onePair = await Plane.DeploymentAsync("spl");

        Assert.StartsWith("spares down to 0; spare-0 deleted, their GPUs free at once (plan-only: nothing ran)", noSpare.Message, StringComparison.Ordinal);
        Assert.StartsWith("shrunk to 1 pairs; pairs 1 deleted, their GPUs free at once (plan-only: nothing ran)", onePair.Message, StringComparison.Ordinal);
        Assert.Empty(onePair.Removing);
        Assert.Equal(["spl/pair-0/decode", "spl/pair-0/prefill"], (await Plane.GpusAsync(nodes)).Where(g => g.AllocatedTo is not null).Select(g => g.AllocatedTo!).Order(StringComparer.Ordinal));
    }

    private async Task XidAsync(string pool, string node, int gpu, long sequence)
    {
        using var report = await Plane.PutProbeAsync(node, Reports.WithXid(Reports.Steady(node, sequence, NodeTemplates.H20) with { Pool = pool }, gpu, 48), RunningControlPlane.AdminKey);
        report.EnsureSuccessStatusCode();
    }

    [Fact(Timeout = 60_000)]
    public async Task A_fatal_xid_under_the_spare_replaces_the_spare_and_leaves_the_serving_pair_alone()
    {
        var nodes = await Plane.ReportNodesAsync("sp-hit", NodeTemplates.H20, 2);
        await Plane.PlaceAsync("sph", DeploymentCalls.Spec("sp-hit", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, spares: 1));
        var before = await Plane.DeploymentAsync("sph");
        var spare = before.Spares[0].Placement;

        var node = spare.Decode.Node;
        using (var report = await Plane.PutProbeAsync(node, Reports.WithXid(Reports.Steady(node, 2, NodeTemplates.H20) with { Pool = "sp-hit" }, spare.Decode.GpuIndices[0], 48), RunningControlPlane.AdminKey))
        {
            report.EnsureSuccessStatusCode();
        }

        var after = await Eventually.Until(() => Plane.DeploymentAsync("sph"), v => v.Spares.Length == 1 && v.Spares[0].Unit == "spare-1");
        Assert.Equal(("pair-0", 0), (after.Pairs[0].Unit, after.Pairs[0].Revision));
        Assert.False(after.Spares[0].Placement.Decode.Node == node && after.Spares[0].Placement.Decode.GpuIndices.Contains(spare.Decode.GpuIndices[0]));
        var held = (await Plane.GpusAsync(nodes)).Where(g => g.AllocatedTo is not null).Select(g => g.AllocatedTo!).Order().ToArray();
        Assert.Equal(["sph/pair-0/decode", "sph/pair-0/prefill", "sph/spare-1/decode", "sph/spare-1/prefill"], held);
    }

    [Fact(Timeout = 60_000)]
    public async Task Spares_placed_with_their_pairs_are_spread_off_the_serving_pairs_nodes_and_a_node_fault_still_finds_one()
    {
        await Plane.ReportNodesAsync("sp-spread", NodeTemplates.H20, 3);
        await Plane.PlaceAsync("spd", DeploymentCalls.Spec("sp-spread", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, spares: 1));
        var before = await Plane.DeploymentAsync("spd");
        var pairNodes = new[] { before.Pairs[0].Placement.Prefill.Node, before.Pairs[0].Placement.Decode.Node };
        var spare = before.Spares[0].Placement;
        Assert.DoesNotContain(spare.Prefill.Node, pairNodes);
        Assert.DoesNotContain(spare.Decode.Node, pairNodes);

        // An XID that asks for the node to be drained (79: fallen off the bus) takes the pair's node; the spare is elsewhere.
        var node = pairNodes[0];
        using (var report = await Plane.PutProbeAsync(node, Reports.WithXid(Reports.Steady(node, 2, NodeTemplates.H20) with { Pool = "sp-spread" }, before.Pairs[0].Placement.Prefill.GpuIndices[0], 79), RunningControlPlane.AdminKey))
        {
            report.EnsureSuccessStatusCode();
        }

        var after = await Eventually.Until(() => Plane.DeploymentAsync("spd"), v => v.Pairs[0].Revision == 1);
        Assert.Equal("spare-0", after.Pairs[0].Unit);
    }

    [Fact(Timeout = 60_000)]
    public async Task Faults_under_two_spares_of_one_deployment_are_two_incidents_each_naming_its_spare()
    {
        await Plane.ReportNodesAsync("sp-two", NodeTemplates.H20, 3);
        await Plane.PlaceAsync("spt", DeploymentCalls.Spec("sp-two", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, spares: 2));
        var before = await Plane.DeploymentAsync("spt");
        Assert.Equal(["spare-0", "spare-1"], before.Spares.Select(p => p.Unit));

        // One fatal XID under each spare's prefill GPU, one report after the other (the same node when they share one).
        var sequence = new Dictionary<string, int>();
        foreach (var spare in before.Spares)
        {
            var node = spare.Placement.Prefill.Node;
            sequence[node] = sequence.GetValueOrDefault(node, 1) + 1;
            using var report = await Plane.PutProbeAsync(node, Reports.WithXid(Reports.Steady(node, sequence[node], NodeTemplates.H20) with { Pool = "sp-two" }, spare.Placement.Prefill.GpuIndices[0], 48), RunningControlPlane.AdminKey);
            report.EnsureSuccessStatusCode();
            await Eventually.Until(() => Plane.IncidentsAsync("?deployment=spt"), list => list.Any(i => i.Pairs.Any(p => p.Id == $"spt/{spare.Unit}")));
        }

        var incidents = await Plane.IncidentsAsync("?deployment=spt");
        Assert.Equal(2, incidents.Length);
        Assert.Equal(["spt/spare-0", "spt/spare-1"], incidents.Select(i => Assert.Single(i.Pairs).Id).Order());
        Assert.Equal(("pair-0", 0), ((await Plane.DeploymentAsync("spt")).Pairs[0].Unit, (await Plane.DeploymentAsync("spt")).Pairs[0].Revision));
    }

    [Theory(Timeout = 30_000)]
    [InlineData(-1)]
    [InlineData(9)]
    public async Task Spares_outside_zero_to_eight_are_a_problem_naming_the_field_and_nothing_is_placed(int spares)
    {
        await Plane.ReportNodesAsync("sp-bad", NodeTemplates.H20, 1);

        using var response = await Plane.PutDeploymentAsync("spbad", DeploymentCalls.Spec("sp-bad", model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1, spares: spares));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(ApiJson.Options);
        Assert.Contains($"was {spares}", problem.GetProperty("errors").GetProperty("spares")[0].GetString(), StringComparison.Ordinal);
        using var client = Plane.Client(ApiFixture.ViewerKey);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/api/v1/deployments/spbad", UriKind.Relative))).StatusCode);
    }
}
