using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ControlPlane.Testing;
using ControlPlane.Web.Apis;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Nodes;

namespace ControlPlane.Web.Tests.Apis;

public sealed class ProbeIngestionApiTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private RunningControlPlane Plane => fixture.Plane;

    [Fact]
    public async Task Agent_reports_for_its_own_node_and_the_node_is_listed_with_health()
    {
        var token = await Plane.IssueTokenAsync("ingest-own");
        using var response = await Plane.PutProbeAsync("ingest-own", Reports.Steady("ingest-own", 10), token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ack = await response.Content.ReadFromJsonAsync<ProbeAck>(ApiJson.Options);
        Assert.Equal(ProbeOutcome.Accepted, ack!.Outcome);
        var node = await Plane.GetNodeAsync("ingest-own");
        Assert.NotNull(node);
        Assert.Equal(8, node.Gpus.Length);
        Assert.Equal(HealthStatus.Healthy, node.Health.Status);
        Assert.Equal("NV18", node.Topology.Links[0][1]);
    }

    [Fact]
    public async Task Reports_read_against_the_previous_one_store_each_change_and_an_unknown_field_still_goes_through()
    {
        var token = await Plane.IssueTokenAsync("ingest-reuse");
        var first = Reports.Steady("ingest-reuse", 1);
        var hot = first with { Sequence = 2, Gpus = [.. first.Gpus.Select(g => g.Index == 4 ? g with { TemperatureC = 99 } : g)] };
        var withExtra = System.Text.Json.JsonSerializer.Serialize(first with { Sequence = 3 }, ApiJson.Options)
            .Replace("{\"node\"", "{\"agentBuild\":\"x\",\"node\"", StringComparison.Ordinal);

        using var accepted = await Plane.PutProbeAsync("ingest-reuse", first, token);
        using var hotter = await Plane.PutProbeAsync("ingest-reuse", hot, token);
        var whileHot = await Plane.GetNodeAsync("ingest-reuse");
        using var extra = await Plane.PutRawAsync("ingest-reuse", withExtra, token);
        var cooled = await Plane.GetNodeAsync("ingest-reuse");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], [accepted.StatusCode, hotter.StatusCode, extra.StatusCode]);
        Assert.Equal(HealthStatus.Unhealthy, whileHot!.Gpus[4].Health.Status);
        Assert.Equal(3, cooled!.Sequence);
        Assert.Equal(HealthStatus.Healthy, cooled.Gpus[4].Health.Status);
    }

    [Fact]
    public async Task Agent_token_of_another_node_is_forbidden_and_changes_nothing()
    {
        var token = await Plane.IssueTokenAsync("ingest-a");
        using var response = await Plane.PutProbeAsync("ingest-b", Reports.Steady("ingest-b", 1), token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("ingest-a", (await response.ProblemAsync()).GetProperty("detail").GetString());
        Assert.Null(await Plane.GetNodeAsync("ingest-b"));
    }

    [Fact]
    public async Task Agent_token_cannot_read_the_fleet()
    {
        var token = await Plane.IssueTokenAsync("ingest-reader");
        using var client = Plane.Client(token);
        using var response = await client.GetAsync(new Uri("/api/v1/nodes", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Missing_or_wrong_credentials_get_401_problem()
    {
        using var anonymous = await Plane.PutProbeAsync("ingest-anon", Reports.Steady("ingest-anon", 1), bearer: null);
        using var wrong = await Plane.PutProbeAsync("ingest-anon", Reports.Steady("ingest-anon", 1), "not-a-key-at-all-0123456789");
        var forged = "cpn_ingest-anon_" + new string('a', 64);
        using var forgedToken = await Plane.PutProbeAsync("ingest-anon", Reports.Steady("ingest-anon", 1), forged);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forgedToken.StatusCode);
        Assert.Equal(401, (await wrong.ProblemAsync()).GetProperty("status").GetInt32());
        Assert.Null(await Plane.GetNodeAsync("ingest-anon"));
    }

    [Fact]
    public async Task Reissued_token_revokes_the_previous_one()
    {
        var first = await Plane.IssueTokenAsync("ingest-rotate");
        using (var ok = await Plane.PutProbeAsync("ingest-rotate", Reports.Steady("ingest-rotate", 1), first))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var second = await Plane.IssueTokenAsync("ingest-rotate");
        using var old = await Plane.PutProbeAsync("ingest-rotate", Reports.Steady("ingest-rotate", 2), first);
        using var fresh = await Plane.PutProbeAsync("ingest-rotate", Reports.Steady("ingest-rotate", 3), second);

        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task Malformed_json_is_400_and_the_accepted_report_stays()
    {
        var token = await Plane.IssueTokenAsync("ingest-malformed");
        using (await Plane.PutProbeAsync("ingest-malformed", Reports.Steady("ingest-malformed", 5), token)) { }

        using var response = await Plane.PutRawAsync("ingest-malformed", "{\"node\": \"ingest-malformed\", \"sequence\": 6, ", token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).TryGetProperty("errors", out _));
        Assert.Equal(5, (await Plane.GetNodeAsync("ingest-malformed"))!.Sequence);
    }

    [Fact]
    public async Task Field_of_the_wrong_type_is_400_naming_the_field()
    {
        var token = await Plane.IssueTokenAsync("ingest-types");
        var json = System.Text.Json.JsonSerializer.Serialize(Reports.Steady("ingest-types", 1), ApiJson.Options)
            .Replace("\"index\":0", "\"index\":\"zero\"", StringComparison.Ordinal);

        using var response = await Plane.PutRawAsync("ingest-types", json, token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ProblemAsync()).GetProperty("errors");
        Assert.Contains(errors.EnumerateObject(), e => e.Name.Contains("gpus[0].index", StringComparison.Ordinal));
        Assert.Null(await Plane.GetNodeAsync("ingest-types"));
    }

    [Fact]
    public async Task Absurd_values_are_400_naming_each_field_and_change_nothing()
    {
        var token = await Plane.IssueTokenAsync("ingest-absurd");
        var report = Reports.Steady("ingest-absurd", 1);
        report = report with
        {
            Gpus = [report.Gpus[0] with { TemperatureC = 500, MemoryUsedMiB = -1 }, .. report.Gpus[1..]],
            Nics = [report.Nics[0] with { RateGbps = -400 }, .. report.Nics[1..]],
        };

        using var response = await Plane.PutProbeAsync("ingest-absurd", report, token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.ProblemAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("gpus[0].temperatureC", out _));
        Assert.True(errors.TryGetProperty("gpus[0].memoryUsedMiB", out _));
        Assert.True(errors.TryGetProperty("nics[0].rateGbps", out _));
        Assert.Null(await Plane.GetNodeAsync("ingest-absurd"));
    }

    [Fact]
    public async Task A_minimal_report_from_an_older_agent_is_accepted_with_its_omitted_lists_empty()
    {
        var token = await Plane.IssueTokenAsync("ingest-minimal");
        var json = $$"""
            {"node":"ingest-minimal","sequence":1,"timestamp":"{{DateTimeOffset.UtcNow:O}}",
             "gpus":[{"uuid":"GPU-6785f8f4-d9b7-d5b0-471f-cae83922e47e","index":0,"minor":0,"pciBusId":"00000000:00:06.0",
                      "model":"NVIDIA H200","computeCapability":"9.0","memoryTotalMiB":143771}]}
            """;

        using var response = await Plane.PutRawAsync("ingest-minimal", json, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var node = await Plane.GetNodeAsync("ingest-minimal");
        Assert.Equal(HealthStatus.Healthy, node!.Gpus.Single().Health.Status);
        Assert.Empty(node.Gpus.Single().Report.NvLinksDown);
        Assert.Empty(node.Nics);
    }

    [Fact]
    public async Task Report_sent_to_another_nodes_route_is_400()
    {
        using var response = await Plane.PutProbeAsync("ingest-route", Reports.Steady("ingest-other", 1), RunningControlPlane.AdminKey);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty("node", out _));
    }

    [Fact]
    public async Task Older_sequence_is_409_and_the_newer_report_is_kept()
    {
        var token = await Plane.IssueTokenAsync("ingest-stale");
        using (await Plane.PutProbeAsync("ingest-stale", Reports.Steady("ingest-stale", 100), token)) { }

        using var stale = await Plane.PutProbeAsync("ingest-stale", Reports.WithXid(Reports.Steady("ingest-stale", 99), 0, 79), token);
        using var duplicate = await Plane.PutProbeAsync("ingest-stale", Reports.Steady("ingest-stale", 100), token);

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(100, (await stale.ProblemAsync()).GetProperty("lastAcceptedSequence").GetInt64());
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        Assert.Equal(ProbeOutcome.Duplicate, (await duplicate.Content.ReadFromJsonAsync<ProbeAck>(ApiJson.Options))!.Outcome);
        var node = await Plane.GetNodeAsync("ingest-stale");
        Assert.Equal(100, node!.Sequence);
        Assert.Equal(HealthStatus.Healthy, node.Health.Status);
    }

    /// <summary>
    /// The largest sequence accepted is 2^53 − 1 (<see cref="Wire.Probes.ProbeReportValidator.MaxSequence"/>, accepted in
    /// <see cref="SequenceResetApiTests"/>). Past it: 2^53, which a double still holds exactly; 2^53 + 1, which a double
    /// cannot (it would read as 2^53, a JavaScript agent could not even send it); and long.MaxValue. The body carries the
    /// exact digits, the server reads them exactly (no rounding through a double) and refuses each, naming the field.
    /// </summary>
    [Theory]
    [InlineData("ingest-seq-2p53", 9007199254740992L)]
    [InlineData("ingest-seq-2p53-1", 9007199254740993L)]
    [InlineData("ingest-seq-max", long.MaxValue)]
    public async Task A_sequence_past_2_to_the_53_is_400_naming_the_sequence_and_the_node_can_still_report(string name, long sequence)
    {
        var token = await Plane.IssueTokenAsync(name);
        using (var first = await Plane.PutProbeAsync(name, Reports.Steady(name, 7), token))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var json = JsonSerializer.Serialize(Reports.Steady(name, sequence), ApiJson.Options);
        Assert.Contains($"\"sequence\":{sequence.ToString(CultureInfo.InvariantCulture)},", json, StringComparison.Ordinal);
        using var huge = await Plane.PutRawAsync(name, json, token);
        using var next = await Plane.PutProbeAsync(name, Reports.Steady(name, 8), token);

        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        var errors = (await huge.ProblemAsync()).GetProperty("errors");
        Assert.Equal(["sequence"], errors.EnumerateObject().Select(e => e.Name));
        Assert.Equal("must be 0..9007199254740991", Assert.Single(errors.GetProperty("sequence").EnumerateArray()).GetString());
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(ProbeOutcome.Accepted, (await next.Content.ReadFromJsonAsync<ProbeAck>(ApiJson.Options))!.Outcome);
        Assert.Equal(8, (await Plane.GetNodeAsync(name))!.Sequence);
    }

    [Fact]
    public async Task Oversized_body_is_413_and_changes_nothing()
    {
        var token = await Plane.IssueTokenAsync("ingest-big");
        var report = Reports.Steady("ingest-big", 1) with { Notes = [new string('x', 70_000)] };

        using var response = await Plane.PutProbeAsync("ingest-big", report, token);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(413, (await response.ProblemAsync()).GetProperty("status").GetInt32());
        Assert.Null(await Plane.GetNodeAsync("ingest-big"));
    }

    [Fact]
    public async Task Invalid_node_name_in_the_route_is_400()
    {
        using var client = Plane.Client();
        using var response = await client.GetAsync(new Uri("/api/v1/nodes/Not_A_Node", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty("node", out _));
    }
}
