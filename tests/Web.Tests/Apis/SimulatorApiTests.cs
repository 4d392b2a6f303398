using System.Net;
using System.Text.Json;
using ControlPlane.Testing;
using ControlPlane.Wire.Nodes;
using ControlPlane.Wire.Probes;

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
    public async Task An_xid_is_reported_once_a_nic_down_until_cleared_and_an_unknown_node_or_a_viewer_is_refused()
    {
        // The port first, then the XID: the XID rides one report only, so both injected together could land in
        // different reports and never be seen side by side.
        using (var down = await PostAsync(Faults, """{"kind":"nicDown","nic":"mlx5_0"}"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, down.StatusCode);
        }

        await Eventually.Until(NodeAsync, n => Port(n, "mlx5_0") == PortState.Down);
        using (var inject = await PostAsync(Faults, """{"kind":"xid","gpu":3,"xid":48}"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, inject.StatusCode);
        }

        var seen = await Eventually.Until(NodeAsync, n => Xids(n, 3).Contains(48));
        Assert.Equal(PortState.Down, Port(seen, "mlx5_0"));

        // Two reports later: the XID came in one report only (the simulator sends it once), the port is still Down.
        var later = await Eventually.Until(NodeAsync, n => n.Sequence >= seen.Sequence + 2);
        Assert.Empty(Xids(later, 3));
        Assert.Equal(PortState.Down, Port(later, "mlx5_0"));

        using (var client = fleet.Plane.Client())
        using (var clear = await client.DeleteAsync(new Uri(Faults, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, clear.StatusCode);
        }

        var cleared = await Eventually.Until(NodeAsync, n => Port(n, "mlx5_0") != PortState.Down);
        Assert.Equal(PortState.Active, Port(cleared, "mlx5_0"));

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

    private Task<NodeView> NodeAsync() => fleet.Plane.GetJsonAsync<NodeView>($"/api/v1/nodes/{Node}");

    private static int[] Xids(NodeView node, int gpu) => [.. node.Gpus.Single(g => g.Report.Index == gpu).Report.RecentXids.Select(x => x.Code)];

    private static PortState Port(NodeView node, string nic) => node.Nics.Single(n => n.Report.Device == nic).Report.State;

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
