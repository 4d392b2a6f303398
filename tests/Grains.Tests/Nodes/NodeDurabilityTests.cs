using ControlPlane.Contracts.Fleet;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Grains.Nodes;
using ControlPlane.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using ControlPlane.Wire.Nodes;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Grains.Tests.Nodes;

public sealed class NodeDurabilityTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    [Fact]
    public async Task A_clean_deactivation_writes_the_exact_sequence_so_the_next_report_is_taken_at_once()
    {
        var node = fixture.Grains.GetGrain<INodeGrain>("seq-durable-1");
        var first = await ReportTelemetryAsync(node, "seq-durable-1", upTo: 6);
        var writesBefore = FailingStorage.WritesOf("node", "seq-durable-1");

        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var stale = await node.ReportAsync(first with { Sequence = 4 });
        var next = await node.ReportAsync(first with { Sequence = 7 });

        Assert.Equal(1, writesBefore);
        Assert.Equal(ProbeOutcome.Stale, stale.Outcome);
        Assert.Equal(6, stale.LastAcceptedSequence);
        Assert.Equal(ProbeOutcome.Accepted, next.Outcome);
        Assert.Equal(7, (await node.GetAsync())!.Sequence);
    }

    [Fact]
    public async Task After_a_crash_no_accepted_sequence_is_accepted_again_the_ceiling_rules_until_the_agent_jumps_past_it()
    {
        var node = fixture.Grains.GetGrain<INodeGrain>("seq-durable-2");
        var first = await ReportTelemetryAsync(node, "seq-durable-2", upTo: 6);
        var ceiling = 1 + new NodeOptions().SequenceHeadroom;

        // As in a silo crash: the activation goes and nothing it holds in memory is written.
        using (FailingStorage.FailWritesOf("seq-durable-2"))
        {
            await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        }

        var replay = await node.ReportAsync(first with { Sequence = 6 });
        var next = await node.ReportAsync(first with { Sequence = 7 });
        var jumped = await node.ReportAsync(first with { Sequence = ceiling + 1 });

        Assert.Equal(ProbeOutcome.Stale, replay.Outcome);
        Assert.Equal((ProbeOutcome.Stale, ceiling), (next.Outcome, next.LastAcceptedSequence));
        Assert.Equal(ProbeOutcome.Accepted, jumped.Outcome);
        Assert.Equal(ceiling + 1, (await node.GetAsync())!.Sequence);
    }

    [Fact]
    public async Task A_node_stored_before_sequence_ceilings_existed_takes_its_sequence_plus_the_headroom_as_its_ceiling()
    {
        const string name = "seq-durable-legacy";
        var node = fixture.Grains.GetGrain<INodeGrain>(name);
        var storage = ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost!.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Default);
        var legacy = new NodeRecord { Report = Reports.Steady(name, 5), Sequence = 5, LastSeen = DateTimeOffset.UtcNow };
        await storage.WriteStateAsync("node", node.GetGrainId(), new GrainState<NodeRecord>(legacy));

        // Its per-report sequence marks are no longer read: whatever they held lies within the headroom of the record.
        var next = await node.ReportAsync(Reports.Steady(name, 6));

        Assert.Equal((ProbeOutcome.Stale, 5 + new NodeOptions().SequenceHeadroom), (next.Outcome, next.LastAcceptedSequence));
    }

    /// <summary>One written report, then telemetry-only reports (no record write: under the ceiling, inside PersistTelemetryEvery).</summary>
    private static async Task<ProbeReport> ReportTelemetryAsync(INodeGrain node, string name, int upTo)
    {
        var first = Reports.Steady(name, 1);
        await node.ReportAsync(first);
        for (var seq = 2; seq <= upTo; seq++)
        {
            await node.ReportAsync(first with { Sequence = seq, Gpus = [.. first.Gpus.Select(g => g with { TemperatureC = 40 + seq })] });
        }

        return first;
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
