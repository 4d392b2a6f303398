using ControlPlane.Contracts.Nodes;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Web.Tests.Hosting;

public sealed class SimulatedFleetSequenceTests
{
    [Fact]
    public async Task A_simulated_node_answered_that_the_server_holds_a_newer_sequence_jumps_past_it_like_the_agent()
    {
        await using var plane = await RunningControlPlane.StartAsync(
            "--ControlPlane:Simulator:Enabled=true",
            "--ControlPlane:Simulator:Nodes=1",
            "--ControlPlane:Simulator:Interval=00:00:00.200");
        var simulated = plane.App.Services.GetRequiredService<SimulatedFleet>().Nodes[0];
        var node = plane.Grains.GetGrain<INodeGrain>(simulated.Name);
        var first = await Eventually.Until(node.GetAsync, view => view is not null);

        // As after a silo crash: the node holds a sequence (its ceiling) far above what the simulator sends next.
        var ahead = first!.Sequence + 100_000;
        await node.ReportAsync(simulated.NextReport(DateTimeOffset.UtcNow, Random.Shared) with { Sequence = ahead });
        var after = await Eventually.Until(node.GetAsync, view => view!.Sequence > ahead);

        Assert.True(after!.Sequence > ahead, $"the simulator's reports stayed stale below {ahead}: last accepted {after.Sequence}");
    }
}
