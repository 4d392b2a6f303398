using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ControlPlane.Testing;

namespace ControlPlane.Web.Tests.Apis;

/// <summary>An admin can reset a node's sequence after an agent sent the largest one allowed (it could never report again).</summary>
public sealed class SequenceResetApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private const long Largest = (1L << 53) - 1;

    private RunningControlPlane Plane => fixture.Plane;

    [Fact]
    public async Task After_an_admin_resets_the_sequence_the_next_report_with_any_sequence_is_accepted_and_the_reset_is_recorded()
    {
        var token = await Plane.IssueTokenAsync("reset-1");
        using (var huge = await Plane.PutProbeAsync("reset-1", Reports.Steady("reset-1", Largest), token))
        {
            Assert.Equal(HttpStatusCode.OK, huge.StatusCode);
        }

        using var stuck = await Plane.PutProbeAsync("reset-1", Reports.Steady("reset-1", 5), token);
        using var byOperator = await PostResetAsync("reset-1", body: null, ApiFixture.OperatorKey);
        using var byAgent = await PostResetAsync("reset-1", body: null, token);
        using var reset = await PostResetAsync("reset-1", body: null, RunningControlPlane.AdminKey);
        using var next = await Plane.PutProbeAsync("reset-1", Reports.Steady("reset-1", 5), token);
        using var withReason = await PostResetAsync("reset-1", """{"reason":"agent clock jumped"}""", RunningControlPlane.AdminKey);
        using var zero = await Plane.PutProbeAsync("reset-1", Reports.Steady("reset-1", 0), token);

        Assert.Equal(HttpStatusCode.Conflict, stuck.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byOperator.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byAgent.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(Largest, (await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("previousSequence").GetInt64());
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withReason.StatusCode);
        Assert.Equal(HttpStatusCode.OK, zero.StatusCode);
        var node = await Plane.GetJsonAsync<JsonElement>("/api/v1/nodes/reset-1");
        Assert.Equal(0, node.GetProperty("sequence").GetInt64());
        var resets = node.GetProperty("sequenceResets").EnumerateArray().ToArray();
        Assert.Equal([Largest, 5L], resets.Select(r => r.GetProperty("previousSequence").GetInt64()));
        Assert.Equal(["admin", "admin"], resets.Select(r => r.GetProperty("by").GetString()));
        Assert.Equal("agent clock jumped", resets[1].GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Resetting_an_unknown_node_is_404_and_a_reason_too_long_is_400()
    {
        using var unknown = await PostResetAsync("reset-nobody", body: null, RunningControlPlane.AdminKey);
        using (var ok = await Plane.PutProbeAsync("reset-2", Reports.Steady("reset-2", 9), RunningControlPlane.AdminKey))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var tooLong = await PostResetAsync("reset-2", JsonSerializer.Serialize(new { reason = new string('x', 600) }), RunningControlPlane.AdminKey);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(404, (await unknown.ProblemAsync()).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.True((await tooLong.ProblemAsync()).GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(9, (await Plane.GetNodeAsync("reset-2"))!.Sequence);
    }

    private async Task<HttpResponseMessage> PostResetAsync(string node, string? body, string bearer)
    {
        using var client = Plane.Client(bearer);
        using var content = body is null ? null : new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        return await client.PostAsync(new Uri($"/api/v1/nodes/{node}/sequence:reset", UriKind.Relative), content);
    }
}
