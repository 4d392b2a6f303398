using System.Text.Json;
using ControlPlane.Tests.Shared;

namespace ControlPlane.Agent.Tests.Inspect;

/// <summary><c>cp-agent inspect nccl-log</c> through its real parser: the streamed diagnosis, findings with their lines.</summary>
public sealed class NcclLogInspectTests
{
    [Fact]
    public async Task Inspect_nccl_log_names_the_setting_that_slowed_the_wire_with_its_line()
    {
        var path = FixtureFiles.PathOf("nccl/h200x2-allreduce-p2p-disabled.log");
        var lines = await File.ReadAllLinesAsync(path);

        var (exit, stdout, stderr) = await CliRunner.RunAsync("inspect", "nccl-log", path);

        Assert.True(exit == 0, stderr);
        using var document = JsonDocument.Parse(stdout);
        Assert.Equal("shm", document.RootElement.GetProperty("transport").GetString());
        var finding = document.RootElement.GetProperty("findings").EnumerateArray()
            .Single(f => f.GetProperty("code").GetString() == "p2p-disabled-by-env");
        var evidence = finding.GetProperty("evidence").EnumerateArray().ToList();
        Assert.Equal(2, evidence.Count);
        Assert.All(evidence, e =>
        {
            Assert.Equal("h200x2-allreduce-p2p-disabled.log", e.GetProperty("file").GetString());
            Assert.Equal(lines[e.GetProperty("line").GetInt32() - 1], e.GetProperty("text").GetString());
            Assert.Contains("NCCL_P2P_DISABLE set by environment to 1", e.GetProperty("text").GetString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Inspect_nccl_log_counts_lines_past_one_longer_than_the_read_buffer()
    {
        using var directory = new TempDirectory();
        var path = directory.File("long-line.log");
        var fixture = await File.ReadAllTextAsync(FixtureFiles.PathOf("nccl/h200x2-allreduce-p2p-disabled.log"));
        await File.WriteAllTextAsync(path, new string('x', 300_000) + "\n" + fixture);
        var expected = fixture.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains("NCCL_P2P_DISABLE set by environment", StringComparison.Ordinal)).i + 2;

        var (exit, stdout, stderr) = await CliRunner.RunAsync("inspect", "nccl-log", path);

        Assert.True(exit == 0, stderr);
        using var document = JsonDocument.Parse(stdout);
        var finding = document.RootElement.GetProperty("findings").EnumerateArray()
            .Single(f => f.GetProperty("code").GetString() == "p2p-disabled-by-env");
        Assert.Equal(expected, finding.GetProperty("evidence")[0].GetProperty("line").GetInt32());
    }
}
