using System.Net;
using System.Text.Json;
using ControlPlane.Agent.Collection;
using ControlPlane.Agent.Replay;
using ControlPlane.Agent.Reporting;
using ControlPlane.Testing;
using ControlPlane.Tests.Shared;

namespace ControlPlane.Agent.Tests.Reporting;

/// <summary>Sends to a real HTTP listener on loopback, standing in for the API.</summary>
public sealed class ProbeSenderTests
{
    [Fact]
    public async Task Sends_PUT_to_the_node_probe_route_with_the_bearer_token_and_camelCase_JSON()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("token"), "s3cret\n");
        using var api = new LoopbackApi();
        var report = ReportFactory.Create(ReplayCollector.Collect(FixtureFiles.PathOf("gpu-hosts/h200x2-a")), "h200x2-a", 42, DateTimeOffset.UtcNow, "default", null);
        using var http = new HttpClient();
        var sender = new ProbeSender(http, new Uri(api.Url), dir.File("token"));

        var sending = sender.SendAsync(report, CancellationToken.None);
        var context = await api.NextRequestAsync();
        var body = await new StreamReader(context.Request.InputStream).ReadToEndAsync();
        context.Response.StatusCode = 409;
        await context.Response.OutputStream.WriteAsync("{\"outcome\":\"Stale\",\"lastAcceptedSequence\":77,\"health\":\"Healthy\"}"u8.ToArray());
        context.Response.Close();
        var outcome = await sending;

        Assert.Equal("PUT", context.Request.HttpMethod);
        Assert.Equal("/api/v1/nodes/h200x2-a/probe", context.Request.Url!.AbsolutePath);
        Assert.Equal("Bearer s3cret", context.Request.Headers["Authorization"]);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(42, json.RootElement.GetProperty("sequence").GetInt64());
        Assert.Equal("NV18", json.RootElement.GetProperty("topology").GetProperty("links")[0][1].GetString());
        Assert.Equal(SendStatus.Stale, outcome.Status);
        Assert.Equal(77, outcome.LastAcceptedSequence);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_retry_not_an_exception()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("token"), "t");
        using var http = new HttpClient();
        var sender = new ProbeSender(http, new Uri($"http://127.0.0.1:{FreePorts.Next()}/"), dir.File("token"));
        var report = ReportFactory.Create(ReplayCollector.Collect(FixtureFiles.PathOf("gpu-hosts/h200x2-a")), "h200x2-a", 1, DateTimeOffset.UtcNow, "default", null);

        var outcome = await sender.SendAsync(report, CancellationToken.None);

        Assert.Equal(SendStatus.Retry, outcome.Status);
    }

    // SendStatus is internal to the agent and a test method's parameters must be public: the status goes by name.
    [Theory]
    [InlineData(HttpStatusCode.OK, nameof(SendStatus.Accepted))]
    [InlineData(HttpStatusCode.ServiceUnavailable, nameof(SendStatus.Retry))]
    [InlineData(HttpStatusCode.InternalServerError, nameof(SendStatus.Retry))]
    [InlineData(HttpStatusCode.BadRequest, nameof(SendStatus.Refused))]
    [InlineData(HttpStatusCode.Unauthorized, nameof(SendStatus.Refused))]
    public void Status_codes_classify_into_accept_retry_or_refuse(HttpStatusCode code, string expected) =>
        Assert.Equal(expected, ProbeSender.Classify(code, "").Status.ToString());
}
