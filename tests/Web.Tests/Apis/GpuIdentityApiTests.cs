using System.Net;
using System.Text.Json;
using ControlPlane.Testing;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Web.Tests.Apis;

/// <summary>A GPU UUID belongs to the node that reports it: another node's token cannot take it while the owner reports it.</summary>
public sealed class GpuIdentityApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private RunningControlPlane Plane => fixture.Plane;

    [Fact]
    public async Task Another_nodes_token_claiming_a_reported_gpu_is_409_naming_the_owner_and_changes_nothing()
    {
        var ownerToken = await Plane.IssueTokenAsync("claim-owner");
        var thiefToken = await Plane.IssueTokenAsync("claim-thief");
        var owned = Reports.Steady("claim-owner", 1);
        using (var ok = await Plane.PutProbeAsync("claim-owner", owned, ownerToken))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var own = Reports.Steady("claim-thief", 1);
        using (var ok = await Plane.PutProbeAsync("claim-thief", own, thiefToken))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var stolen = owned.Gpus[3].Uuid;
        using var claim = await Plane.PutProbeAsync("claim-thief", WithUuid(Reports.Steady("claim-thief", 2), index: 3, stolen), thiefToken);
        using var firstClaim = await Plane.PutProbeAsync("claim-newcomer", WithUuid(Reports.Steady("claim-newcomer", 1), index: 0, stolen), RunningControlPlane.AdminKey);

        Assert.Equal(HttpStatusCode.Conflict, claim.StatusCode);
        var problem = await claim.ProblemAsync();
        Assert.Equal("claim-owner", problem.GetProperty("owner").GetString());
        Assert.Contains("claim-owner", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(stolen, problem.GetProperty("gpus")[0].GetProperty("uuid").GetString());
        Assert.Equal(HttpStatusCode.Conflict, firstClaim.StatusCode);
        Assert.Null(await Plane.GetNodeAsync("claim-newcomer"));

        var thief = await Plane.GetNodeAsync("claim-thief");
        Assert.Equal(1, thief!.Sequence);
        Assert.Equal(own.Gpus[3].Uuid, thief.Gpus[3].Report.Uuid);
        var gpu = await Plane.GetJsonAsync<JsonElement>($"/api/v1/gpus/{stolen}");
        Assert.Equal("claim-owner", gpu.GetProperty("node").GetString());
        Assert.Equal(3, gpu.GetProperty("index").GetInt32());
        var refused = gpu.GetProperty("claims").EnumerateArray().Where(c => c.GetProperty("kind").GetString() == "Refused").ToArray();
        Assert.Contains(refused, c => c.GetProperty("claimant").GetString() == "claim-thief" && c.GetProperty("owner").GetString() == "claim-owner");
    }

    [Fact]
    public async Task The_owner_reporting_the_same_gpus_again_is_not_a_claim()
    {
        var token = await Plane.IssueTokenAsync("claim-steady");
        using var first = await Plane.PutProbeAsync("claim-steady", Reports.Steady("claim-steady", 1), token);
        using var second = await Plane.PutProbeAsync("claim-steady", Reports.WithXid(Reports.Steady("claim-steady", 2), gpu: 1, xid: 79), token);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var gpu = await Plane.GetJsonAsync<JsonElement>($"/api/v1/gpus/{Reports.Steady("claim-steady", 1).Gpus[1].Uuid}");
        Assert.Equal("claim-steady", gpu.GetProperty("node").GetString());
        Assert.Empty(gpu.GetProperty("claims").EnumerateArray());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_gpu_its_owner_has_not_reported_for_the_move_period_moves_and_the_move_is_recorded()
    {
        await using var plane = await RunningControlPlane.StartAsync("--ControlPlane:Gpus:MoveAfter=00:05:00");
        var owned = Reports.Steady("moved-from", 1);
        using (var ok = await plane.PutProbeAsync("moved-from", owned, RunningControlPlane.AdminKey))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var moved = owned.Gpus[6].Uuid;
        using (var early = await plane.PutProbeAsync("moved-to", WithUuid(Reports.Steady("moved-to", 1), index: 2, moved), RunningControlPlane.AdminKey))
        {
            // Refused while the owner is within its move period: the GPU is still the owner's.
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
            Assert.Equal(("moved-from", 6), await WhereAsync(plane, moved));
        }

        plane.Clock.Advance(TimeSpan.FromMinutes(5));
        using var claim = await plane.PutProbeAsync("moved-to", WithUuid(Reports.Steady("moved-to", 1), index: 2, moved), RunningControlPlane.AdminKey);

        Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
        var gpu = await plane.GetJsonAsync<JsonElement>($"/api/v1/gpus/{moved}");
        Assert.Equal(("moved-to", 2), (gpu.GetProperty("node").GetString(), gpu.GetProperty("index").GetInt32()));
        var claims = gpu.GetProperty("claims").EnumerateArray()
            .Select(c => (c.GetProperty("kind").GetString(), c.GetProperty("owner").GetString(), c.GetProperty("claimant").GetString())).ToArray();
        Assert.Equal([("Refused", "moved-from", "moved-to"), ("Moved", "moved-from", "moved-to")], claims);
    }

    private static async Task<(string?, int)> WhereAsync(RunningControlPlane plane, string uuid)
    {
        var gpu = await plane.GetJsonAsync<JsonElement>($"/api/v1/gpus/{uuid}");
        return (gpu.GetProperty("node").GetString(), gpu.GetProperty("index").GetInt32());
    }

    private static ProbeReport WithUuid(ProbeReport report, int index, string uuid) => report with
    {
        Gpus = [.. report.Gpus.Select(g => g.Index == index ? g with { Uuid = uuid } : g)],
    };
}
