using System.Text.Json;
using ControlPlane.Agent.Tests.Sysfs;

namespace ControlPlane.Agent.Tests.Cli;

/// <summary><c>cp-agent run</c> with every option, through the real parser, reporting to an HTTP listener on loopback.</summary>
public sealed class RunCommandTests
{
    [Fact(Timeout = 30_000)]
    public async Task Run_reports_every_interval_with_its_pool_rack_and_the_host_roots_NICs_until_stopped()
    {
        using var host = new FakeHost()
            .File("/sys/class/infiniband/mlx5_0/ports/1/state", "4: ACTIVE\n")
            .File("/sys/class/infiniband/mlx5_0/ports/1/phys_state", "5: LinkUp\n")
            .File("/sys/class/infiniband/mlx5_0/ports/1/rate", "400 Gb/sec (4X NDR)\n")
            .File("/sys/class/infiniband/mlx5_0/ports/1/link_layer", "InfiniBand\n");
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("token"), "s3cret\n");
        using var api = new LoopbackApi();
        using var stop = new CancellationTokenSource();

        var running = CliRunner.RunAsync(
            stop.Token, "run", "--server", api.Url, "--node", "gpu-less-01", "--token-file", dir.File("token"),
            "--interval", "300ms", "--pool", "ci", "--rack", "rack-7", "--host-root", host.Root);
        var reports = new List<(JsonDocument Body, DateTime At)>();
        for (var sequence = 1; sequence <= 3; sequence++)
        {
            var context = await api.NextRequestAsync();
            reports.Add((await JsonDocument.ParseAsync(context.Request.InputStream), DateTime.UtcNow));
            var ack = $$"""{"outcome":"Accepted","lastAcceptedSequence":{{reports[^1].Body.RootElement.GetProperty("sequence").GetInt64()}},"health":"Healthy"}""";
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(ack));
            context.Response.Close();
        }

        await stop.CancelAsync();
        var (exit, _, stderr) = await running;

        Assert.True(exit == 0, stderr);
        Assert.All(reports, r => Assert.Equal("ci", r.Body.RootElement.GetProperty("pool").GetString()));
        Assert.All(reports, r => Assert.Equal("rack-7", r.Body.RootElement.GetProperty("rack").GetString()));
        Assert.All(reports, r => Assert.Equal("mlx5_0", r.Body.RootElement.GetProperty("nics")[0].GetProperty("device").GetString()));
        var sequences = reports.Select(r => r.Body.RootElement.GetProperty("sequence").GetInt64()).ToArray();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(3, sequences.Distinct().Count());
        Assert.True(reports[2].At - reports[0].At >= TimeSpan.FromMilliseconds(500), "reports came faster than --interval 300ms");
    }

    [Theory]
    [InlineData("--interval", "soon", "'soon' is not a duration")]
    [InlineData("--interval", "-5s", "'-5s' is not a duration")]
    [InlineData("--server", "controlplane:5080", "'controlplane:5080' is not an http or https URL")]
    public async Task A_malformed_option_exits_2_naming_the_value_and_pointing_at_the_commands_help(string option, string value, string message)
    {
        var options = new Dictionary<string, string> { ["--server"] = "http://127.0.0.1:1/", ["--node"] = "n1", ["--token-file"] = "/dev/null", [option] = value };
        string[] args = ["run", .. options.SelectMany(o => new[] { o.Key, o.Value })];

        var (exit, stdout, stderr) = await CliRunner.RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Contains("See 'cp-agent run --help'.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_without_its_required_options_exits_2()
    {
        var (exit, _, stderr) = await CliRunner.RunAsync("run", "--node", "n1");

        Assert.Equal(2, exit);
        Assert.Contains("--server", stderr, StringComparison.Ordinal);
        Assert.Contains("--token-file", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_of_run_lists_every_option_and_exits_0()
    {
        var (exit, stdout, _) = await CliRunner.RunAsync("run", "--help");

        Assert.Equal(0, exit);
        foreach (var option in new[] { "--server", "--node", "--token-file", "--interval", "--pool", "--rack", "--host-root" })
        {
            Assert.Contains(option, stdout, StringComparison.Ordinal);
        }
    }
}
