using System.Net;
using System.Text.Json;
using ControlPlane.Simulation;
using ControlPlane.Testing;

namespace ControlPlane.Web.Tests.Apis;

/// <summary>A node that reports another pool leaves its old pool everywhere: listings, version groups and placement.</summary>
public sealed class PoolMoveApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private RunningControlPlane Plane => fixture.Plane;

    [Fact(Timeout = 60_000)]
    public async Task A_node_moved_to_another_pool_is_no_longer_listed_or_placeable_under_its_old_pool()
    {
        await Plane.ReportNodesAsync("move-a", NodeTemplates.H20, count: 1);
        var (before, _) = await Plane.PlanAsync(DeploymentCalls.Spec("move-a"));
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using (var moved = await Plane.PutProbeAsync("move-a-1", Reports.Steady("move-a-1", 2) with { Pool = "move-b" }, RunningControlPlane.AdminKey))
        {
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        var listed = await Eventually.Until(ListedAsync, lines => lines.Any(l => l.Pool == "move-b"));
        var versions = await Plane.GetJsonAsync<JsonElement>("/api/v1/fleet/versions");
        var (inOldPool, _) = await Plane.PlanAsync(DeploymentCalls.Spec("move-a"));
        var (inNewPool, _) = await Plane.PlanAsync(DeploymentCalls.Spec("move-b"));

        Assert.Equal([("move-a-1", "move-b")], listed);
        Assert.DoesNotContain(versions.GetProperty("groups").EnumerateArray(), g =>
            g.GetProperty("pool").GetString() == "move-a" && g.GetProperty("nodes").EnumerateArray().Any(n => n.GetString() == "move-a-1"));
        Assert.Equal(HttpStatusCode.Conflict, inOldPool.StatusCode);
        Assert.Equal(HttpStatusCode.OK, inNewPool.StatusCode);
    }

    private async Task<(string Node, string Pool)[]> ListedAsync()
    {
        var page = await Plane.GetJsonAsync<JsonElement>("/api/v1/nodes?limit=1000");
        return
        [
            .. page.GetProperty("items").EnumerateArray()
                .Where(n => n.GetProperty("node").GetString() == "move-a-1")
                .Select(n => (n.GetProperty("node").GetString()!, n.GetProperty("pool").GetString()!)),
        ];
    }
}
