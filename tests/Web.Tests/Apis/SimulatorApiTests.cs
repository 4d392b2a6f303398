using System.Net;
using System.Text.Json;
using ControlPlane.Testing;

namespace ControlPlane.Web.Tests.Apis;

/// <summary>The simulator's fault injection over HTTP: a fault its node's reports could not carry is refused naming the field.</summary>
public sealed class SimulatorApiTests(SimulatorApiTests.Fleet fleet) : IClassFixture<SimulatorApiTests.Fleet>
{
    private const string Node = "h20-01";
    private static readonly string Faults = $"/api/v1/simulator/nodes/{Node}/faults";

    [Theory]
    [InlineData("""{"kind":"meteor"}""", "kind", "must be one of")]
    [InlineData("""{"kind":"xid","gpu":8}""", "gpu", "must be 0..7")]
    [InlineData("""{"kind":"xid","gpu":1,"xid":0}""", "xid", "must be 1..10000")]
    [InlineData("""{"kind":"xid","gpu":1,"xid":12345}""", "xid", "must be 1..10000")]
    [InlineData("""{"kind":"nicDown","nic":"mlx9_9"}""", "nic", "'mlx9_9' is not a NIC of 'h20-01': one of mlx5_0")]
    public async Task A_fault_the_node_could_not_report_is_400_naming_the_field_and_the_reports_stay_valid(string body, string field, string says)
    {
        using var response = await PostAsync(Faults, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(says, (await response.ProblemAsync()).GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
        // The node's reports are still accepted (an invalid one would stop its sequence).
        var sequence = await SequenceAsync();
        await Eventually.Until(SequenceAsync, s => s > sequence + 1);
    }

    [Fact]
    public async Task An_xid_is_reported_by_the_node_until_cleared_and_an_unknown_node_or_a_viewer_is_refused()
    {
        using (var inject = await PostAsync(Faults, """{"kind":"xid","gpu":3,"xid":48}"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, inject.StatusCode);
        }

        await Eventually.Until(() => XidsAsync(3), xids => xids.Contains(48));
        using (var client = fleet.Plane.Client())
        using (var clear = await client.DeleteAsync(new Uri(Faults, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, clear.StatusCode);
        }

        using var unknown = await PostAsync("/api/v1/simulator/nodes/no-such-node/faults", """{"kind":"xid"}""");
        using var viewer = await PostAsync(Faults, """{"kind":"xid"}""", ApiFixture.ViewerKey);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string json, string bearer = RunningControlPlane.AdminKey)
    {
        using var client = fleet.Plane.Client(bearer);
        return await client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
    }

    private async Task<long> SequenceAsync() => (await fleet.Plane.GetJsonAsync<JsonElement>($"/api/v1/nodes/{Node}")).GetProperty("sequence").GetInt64();

    private async Task<int[]> XidsAsync(int gpu)
    {
        var node = await fleet.Plane.GetJsonAsync<JsonElement>($"/api/v1/nodes/{Node}");
        var report = node.GetProperty("gpus").EnumerateArray().Single(g => g.GetProperty("report").GetProperty("index").GetInt32() == gpu).GetProperty("report");
        return [.. report.GetProperty("recentXids").EnumerateArray().Select(x => x.GetProperty("code").GetInt32())];
    }

    /// <summary>A control plane whose simulated fleet (two nodes, reporting every 200 ms) takes the faults.</summary>
    public sealed class Fleet : IAsyncLifetime
    {
        public RunningControlPlane Plane { get; private set; } = null!;

        public async Task InitializeAsync() => Plane = await RunningControlPlane.StartAsync(
            "--ControlPlane:Simulator:Enabled=true",
            "--ControlPlane:Simulator:Nodes=2",
            "--ControlPlane:Simulator:Interval=00:00:00.2",
            "--ControlPlane:Auth:ApiKeys:0:Name=ci-viewer",
            "--ControlPlane:Auth:ApiKeys:0:Role=viewer",
            $"--ControlPlane:Auth:ApiKeys:0:Key={ApiFixture.ViewerKey}");

        public async Task DisposeAsync() => await Plane.DisposeAsync();
    }
}
