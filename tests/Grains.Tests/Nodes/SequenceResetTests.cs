using ControlPlane.Contracts.Nodes;
using ControlPlane.Testing;
using ControlPlane.Wire.Nodes;

namespace ControlPlane.Grains.Tests.Nodes;

public sealed class SequenceResetTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    [Fact]
    public async Task A_reset_lowers_the_persisted_sequence_too_so_it_holds_after_the_activation_is_lost()
    {
        var node = fixture.Grains.GetGrain<INodeGrain>("seq-reset-1");
        var first = Reports.Steady("seq-reset-1", 1);
        await node.ReportAsync(first);
        // Telemetry only: the sequence travels in the small sequence mark, not the node record.
        await node.ReportAsync(first with { Sequence = 1L << 40, Gpus = [.. first.Gpus.Select(g => g with { TemperatureC = 41 })] });

        var reset = await node.ResetSequenceAsync("admin", "agent clock jumped");
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var after = await node.ReportAsync(first with { Sequence = 0 });

        Assert.Equal((1L << 40, "admin", "agent clock jumped"), (reset!.PreviousSequence, reset.By, reset.Reason));
        Assert.Equal(ProbeOutcome.Accepted, after.Outcome);
        var view = await node.GetAsync();
        Assert.Equal(0, view!.Sequence);
        Assert.Equal(1L << 40, Assert.Single(view.SequenceResets).PreviousSequence);
    }

    [Fact]
    public async Task A_node_that_never_reported_has_no_sequence_to_reset()
    {
        Assert.Null(await fixture.Grains.GetGrain<INodeGrain>("seq-reset-never").ResetSequenceAsync("admin", null));
        Assert.Null(await fixture.Grains.GetGrain<INodeGrain>("seq-reset-never").GetAsync());
    }
}
