using System.Net;
using System.Net.Http.Json;
using ControlPlane.Testing;
using ControlPlane.Web.Apis;
using ControlPlane.Wire.Nodes;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Web.Tests.Apis;

/// <summary>
/// The embedded simulator's <c>gb200</c> pool (two GB200 NVL72 racks, <c>Gb200Racks=2</c>) over REST: the control plane
/// sees two NVLink domains of 18 trays, places TP4+TP4 pairs across trays of one, and a tray that leaves its domain
/// (fault <c>leaveNvlinkDomain</c>) gets a finding and is no longer placed (its GPUs are Degraded).
/// </summary>
public sealed class Gb200SimulatorTests : IAsyncLifetime
{
    private const string Tray = "gb200-r1-t01";
    private RunningControlPlane plane = null!;

    public async Task InitializeAsync() => plane = await RunningControlPlane.StartAsync(
        "--ControlPlane:Simulator:Enabled=true",
        "--ControlPlane:Simulator:Nodes=1",
        "--ControlPlane:Simulator:Gb200Racks=2",
        "--ControlPlane:Simulator:Interval=00:00:00.3",
        "--ControlPlane:Auth:ApiKeys:0:Name=ci-viewer",
        "--ControlPlane:Auth:ApiKeys:0:Role=viewer",
        $"--ControlPlane:Auth:ApiKeys:0:Key={ApiFixture.ViewerKey}");

    public async Task DisposeAsync() => await plane.DisposeAsync();

    /// <summary>The node as GET /api/v1/nodes/{node} answers, or null while it has not reported yet (404).</summary>
    private async Task<NodeView?> NodeAsync(string node)
    {
        using var client = plane.Client(RunningControlPlane.AdminKey);
        using var response = await client.GetAsync(new Uri($"/api/v1/nodes/{node}", UriKind.Relative));
        return response.StatusCode == HttpStatusCode.NotFound ? null : await response.Content.ReadFromJsonAsync<NodeView>(ApiJson.Options);
    }

    private static object Spec(int pairs) => DeploymentCalls.Spec("gb200", prefillTp: 4, decodeTp: 4, capabilities: ["10.0"], cuda: "12.8", pairs: pairs);

    private async Task<PlacementPlan> PlanAsync(int pairs)
    {
        var (response, plan) = await plane.PlanAsync(Spec(pairs));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return plan!;
    }

    [Fact]
    public async Task Two_racks_are_two_domains_of_18_trays_and_a_tray_that_leaves_its_domain_gets_a_finding_and_is_no_longer_placed()
    {
        var trays = await Task.WhenAll(new[] { "gb200-r1-t01", "gb200-r1-t18", "gb200-r2-t01" }.Select(n =>
            Eventually.Until(() => NodeAsync(n), v => v?.Gpus.Length == 4)));
        Assert.All(trays, t => Assert.Equal(("gb200", 4), (t!.Pool, t.Nics.Length)));
        static string Domain(NodeView? v) => v!.Gpus.Select(g => g.Report.Fabric!.DomainKey!).Distinct().Single();
        Assert.Equal(Domain(trays[0]), Domain(trays[1]));
        Assert.NotEqual(Domain(trays[0]), Domain(trays[2]));

        // All 36 trays placeable: 18 TP4+TP4 pairs, every one across two trays of one rack.
        var before = await Eventually.Until(() => PlanAsync(18), p => p.Pairs.Length == 18 && p.Pairs.All(x => x.Tier == "nvlink-domain"), attempts: 100);
        Assert.All(before.Pairs, p => Assert.Equal(p.Prefill.NvlinkDomain, p.Decode.NvlinkDomain));

        using (var response = await plane.PostJsonAsync($"/api/v1/simulator/nodes/{Tray}/faults", new { kind = "leaveNvlinkDomain" }, RunningControlPlane.AdminKey))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var left = await Eventually.Until(() => plane.GetJsonAsync<NodeView>($"/api/v1/nodes/{Tray}"), attempts: 100,
            done: v => v.Gpus.All(g => g.Health.Reasons.Any(r => r.Code == "nvlink-fabric-unregistered")));
        Assert.Contains("In Progress", left.Gpus[0].Health.Reasons.Single(r => r.Code == "nvlink-fabric-unregistered").Message, StringComparison.Ordinal);

        // A GPU unregistered from the fabric is Degraded: the tray is no longer placed at all, let alone over the domain.
        // 17 pairs still fit on the other 35 trays (8 in rack 1, 9 in rack 2), every one across trays of one domain.
        var after = await Eventually.Until(() => PlanAsync(17), p => p.Pairs.All(x => x.Prefill.Node != Tray && x.Decode.Node != Tray), attempts: 100);
        Assert.All(after.Pairs, p => Assert.Equal("nvlink-domain", p.Tier));
        Assert.Contains(after.Rejections, r => r.Node == Tray);
        Assert.Equal(8, after.Pairs.Count(p => p.Prefill.Rack == "nvl72-1"));
    }

    [Fact]
    public async Task Leaving_a_domain_is_refused_for_a_node_in_none_naming_the_field_and_changes_nothing()
    {
        var h20 = await Eventually.Until(() => NodeAsync("h20-01"), v => v?.Gpus.Length > 0);

        using var response = await plane.PostJsonAsync("/api/v1/simulator/nodes/h20-01/faults", new { kind = "leaveNvlinkDomain" }, RunningControlPlane.AdminKey);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is in no multi-node NVLink domain", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.All(h20!.Gpus, g => Assert.Null(g.Report.Fabric));
    }
}
