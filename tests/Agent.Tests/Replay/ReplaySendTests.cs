using System.Text.Json;
using ControlPlane.Tests.Shared;

namespace ControlPlane.Agent.Tests.Replay;

/// <summary><c>cp-agent replay DIR --server URL --token-file F</c> through the real parser, to an HTTP listener on loopback.</summary>
public sealed class ReplaySendTests
{
    [Fact]
    public async Task Replay_with_server_PUTs_the_report_to_the_node_route_and_exits_0_when_accepted()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("token"), "s3cret\n");
        using var api = new LoopbackApi();

        var running = CliRunner.RunAsync(
            "replay", FixtureFiles.PathOf("gpu-hosts/h200x2-a"), "--node", "h200x2-a",
            "--server", api.Url.TrimEnd('/'), "--token-file", dir.File("token"));
        var context = await api.NextRequestAsync();
        var body = await new StreamReader(context.Request.InputStream).ReadToEndAsync();
        context.Response.StatusCode = 200;
        await context.Response.OutputStream.WriteAsync("{\"outcome\":\"Accepted\",\"lastAcceptedSequence\":1,\"health\":\"Healthy\"}"u8.ToArray());
        context.Response.Close();
        var (exit, _, stderr) = await running;

        Assert.True(exit == 0, stderr);
        Assert.Equal(("PUT", "/api/v1/nodes/h200x2-a/probe"), (context.Request.HttpMethod, context.Request.Url!.AbsolutePath));
        Assert.Equal("Bearer s3cret", context.Request.Headers["Authorization"]);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("h200x2-a", json.RootElement.GetProperty("node").GetString());
        Assert.Contains($"sent to {api.Url}", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("controlplane:5080")]
    [InlineData("ftp://controlplane/")]
    [InlineData("/api/v1")]
    public async Task Server_that_is_not_an_http_url_is_refused_by_the_parser(string server)
    {
        var (exit, _, stderr) = await CliRunner.RunAsync(
            "replay", FixtureFiles.PathOf("gpu-hosts/h200x2-a"), "--node", "n1", "--server", server, "--token-file", "/dev/null");

        Assert.Equal(2, exit);
        Assert.Contains($"'{server}' is not an http or https URL", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_without_node_is_a_parse_error_and_its_help_shows_no_default_for_the_required_node()
    {
        var (missing, _, stderr) = await CliRunner.RunAsync("replay", FixtureFiles.PathOf("gpu-hosts/h200x2-a"));
        var (help, stdout, _) = await CliRunner.RunAsync("replay", "--help");

        Assert.Equal(2, missing);
        Assert.Contains("--node", stderr, StringComparison.Ordinal);
        Assert.Equal(0, help);
        var nodeLine = stdout.Split('\n').Single(l => l.TrimStart().StartsWith("--node", StringComparison.Ordinal));
        Assert.Contains("(REQUIRED)", nodeLine, StringComparison.Ordinal);
        Assert.DoesNotContain("default", nodeLine, StringComparison.Ordinal);
    }
}
