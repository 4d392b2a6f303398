using ControlPlane.Contracts.Fleet;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Testing;
using ControlPlane.Wire.Nodes;

namespace ControlPlane.Grains.Tests.Nodes;

public sealed class NodeDurabilityTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    [Fact]
    public async Task Last_accepted_sequence_survives_losing_the_activation_between_record_writes()
    {
        var node = fixture.Grains.GetGrain<INodeGrain>("seq-durable-1");
        var first = Reports.Steady("seq-durable-1", 1);
        await node.ReportAsync(first);
        for (var seq = 2; seq <= 6; seq++)
        {
            // Telemetry only: the node record is not written for these (PersistTelemetryEvery), the sequence is.
            await node.ReportAsync(first with { Sequence = seq, Gpus = [.. first.Gpus.Select(g => g with { TemperatureC = 40 + seq })] });
        }

        // The activation goes away without a chance to write (as in a silo crash: nothing flushes on deactivation).
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var stale = await node.ReportAsync(first with { Sequence = 4 });

        Assert.Equal(6, (await node.GetAsync())!.Sequence);
        Assert.Equal(ProbeOutcome.Stale, stale.Outcome);
        Assert.Equal(6, stale.LastAcceptedSequence);
    }

    [Fact]
    public async Task A_pool_registration_that_failed_is_retried_by_the_nodes_next_report()
    {
        const string pool = "pool-register-retry";
        GrainClusterFixture.Failures[$"RegisterAsync:{pool}"] = 1;
        var node = fixture.Grains.GetGrain<INodeGrain>("pool-retry-1");
        var directory = fixture.Grains.GetGrain<IPoolDirectoryGrain>(IPoolDirectoryGrain.Key);

        await node.ReportAsync(Reports.Steady("pool-retry-1", 1) with { Pool = pool });
        var failuresLeft = await Eventually.Until(() => Task.FromResult(GrainClusterFixture.Failures[$"RegisterAsync:{pool}"]), left => left == 0);
        var afterFailure = await directory.ListAsync();
        await node.ReportAsync(Reports.Steady("pool-retry-1", 2) with { Pool = pool });
        var afterRetry = await Eventually.Until(directory.ListAsync, pools => pools.Contains(pool));

        Assert.Equal(0, failuresLeft);
        Assert.DoesNotContain(pool, afterFailure);
        Assert.Contains(pool, afterRetry);
    }
}
