using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ControlPlane.Testing;
using ControlPlane.Tests.Shared;
using ControlPlane.Web.Tests.Hosting;

namespace ControlPlane.Web.Tests.Agent;

/// <summary>
/// The loop a real node closes: an admin issues the node's token over REST, cp-agent runs as its own
/// process against the control plane on a loopback port, and the node appears in the API.
/// </summary>
public sealed class AgentProcessTests : IAsyncLifetime
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("cp-agent-e2e-").FullName;
    private RunningControlPlane _plane = null!;

    public async Task InitializeAsync() => _plane = await RunningControlPlane.StartAsync();

    public async Task DisposeAsync()
    {
        await _plane.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact(Timeout = 120_000)]
    public async Task Replayed_capture_sent_by_the_agent_process_shows_its_GPUs_matrix_and_versions()
    {
        var tokenFile = await IssueTokenAsync("h200x2-a");

        var (exit, _, stderr) = await ProgramProcess.RunAsync(
            BuiltProgram.Agent, ProcessTimeout, "replay", FixtureFiles.PathOf("gpu-hosts/h200x2-a"), "--node", "h200x2-a", "--server", _plane.BaseAddress.ToString(), "--token-file", tokenFile);

        Assert.True(exit == 0, stderr);
        Assert.Contains($"sent to {_plane.BaseAddress}", stderr, StringComparison.Ordinal);
        var node = await _plane.GetJsonAsync<JsonElement>("/api/v1/nodes/h200x2-a");
        var gpus = node.GetProperty("gpus").EnumerateArray().ToArray();
        Assert.Equal(2, gpus.Length);
        Assert.All(gpus, g => Assert.Equal("NVIDIA H200", g.GetProperty("report").GetProperty("model").GetString()));
        Assert.Contains(gpus, g => g.GetProperty("report").GetProperty("uuid").GetString() == "GPU-8afa8850-bf27-8c27-d006-c88fdaadda05");
        Assert.Equal("NV18", node.GetProperty("topology").GetProperty("links")[0][1].GetString());
        Assert.Equal("580.159.04", node.GetProperty("versions").GetProperty("driver").GetString());
        Assert.Equal("replay", node.GetProperty("source").GetString());
    }

    [Fact(Timeout = 120_000)]
    public async Task Running_agent_process_reports_every_second_from_its_host_root_and_stops_cleanly_on_SIGTERM()
    {
        var tokenFile = await IssueTokenAsync("gpu-less-01");
        var hostRoot = HostRootWithOneActiveHca();

        using var agent = ProgramProcess.Start(
            BuiltProgram.Agent, "run", "--server", _plane.BaseAddress.ToString().TrimEnd('/'), "--node", "gpu-less-01", "--token-file", tokenFile,
            "--interval", "1s", "--pool", "ci", "--rack", "rack-7", "--host-root", hostRoot);
        var sequences = new SortedSet<long>();
        JsonElement node = default;
        for (var polls = 0; sequences.Count < 3; polls++)
        {
            Assert.True(polls < 200 && !agent.HasExited, $"fewer than 3 reports arrived; agent stderr:\n{agent.Error}");
            await Task.Delay(100);
            using var client = _plane.Client();
            using var response = await client.GetAsync(new Uri("/api/v1/nodes/gpu-less-01", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                node = await response.Content.ReadFromJsonAsync<JsonElement>();
                sequences.Add(node.GetProperty("sequence").GetInt64());
            }
        }

        var exit = await agent.TerminateAsync(TimeSpan.FromSeconds(20));

        Assert.True(exit == 0, agent.Error);
        Assert.Equal(("ci", "rack-7"), (node.GetProperty("pool").GetString(), node.GetProperty("rack").GetString()));
        Assert.Equal("mlx5_0", node.GetProperty("nics")[0].GetProperty("report").GetProperty("device").GetString());
        if (node.GetProperty("gpus").GetArrayLength() == 0)
        {
            // A GPU-less machine (CI) is a valid host: zero GPUs, and the report says why.
            Assert.Contains(node.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("zero GPUs", StringComparison.Ordinal));
        }
    }

    private async Task<string> IssueTokenAsync(string node)
    {
        using var admin = _plane.Client();
        using var response = await admin.PostAsync(new Uri($"/api/v1/nodes/{node}/token", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var issued = await response.Content.ReadFromJsonAsync<JsonElement>();
        var file = Path.Combine(_dir, $"{node}.token");
        await File.WriteAllTextAsync(file, issued.GetProperty("token").GetString() + "\n");
        return file;
    }

    private string HostRootWithOneActiveHca()
    {
        var root = Path.Combine(_dir, "host");
        var port = Path.Combine(root, "sys", "class", "infiniband", "mlx5_0", "ports", "1");
        Directory.CreateDirectory(port);
        File.WriteAllText(Path.Combine(port, "state"), "4: ACTIVE\n");
        File.WriteAllText(Path.Combine(port, "phys_state"), "5: LinkUp\n");
        File.WriteAllText(Path.Combine(port, "rate"), "400 Gb/sec (4X NDR)\n");
        File.WriteAllText(Path.Combine(port, "link_layer"), "InfiniBand\n");
        return root;
    }
}
