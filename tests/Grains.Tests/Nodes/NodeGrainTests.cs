using ControlPlane.Contracts.Gpus;
using ControlPlane.Contracts.Nics;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Identity;
using ControlPlane.Wire.Nodes;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Grains.Tests.Nodes;

public sealed class NodeGrainTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    /// <summary>Every call a node made to the GPU grains of a report: the claim-and-observe of registration, later observations.</summary>
    private static int GpuCalls(ProbeReport report) =>
        report.Gpus.Sum(g => GrainClusterFixture.CallsTo(g.Uuid, "ObserveAsync") + GrainClusterFixture.CallsTo(g.Uuid, "ClaimAndObserveAsync") + GrainClusterFixture.CallsTo(g.Uuid, "ClaimAsync"));

    private INodeGrain Node(string name) => fixture.Grains.GetGrain<INodeGrain>(name);

    [Fact]
    public async Task A_steady_node_costs_one_call_per_report_and_no_fan_out()
    {
        // A pool of its own: other nodes of these tests change their pools' indices meanwhile.
        var first = Reports.Steady("steady-1", 1) with { Pool = "steady-pool" };
        await Node("steady-1").ReportAsync(first);
        var gpuCallsAfterFirst = GpuCalls(first);

        // The first report tells the pool's index once: its summary and its placement view (one-way, counted as sent).
        Assert.Equal((1, 1), (GrainClusterFixture.SentTo("steady-pool", "UpsertAsync"), GrainClusterFixture.SentTo("steady-pool", "UpsertCapacityAsync")));

        for (var seq = 2; seq <= 20; seq++)
        {
            var ack = await Node("steady-1").ReportAsync(first with { Sequence = seq, Gpus = [.. first.Gpus.Select(g => g with { TemperatureC = 40 + seq })] });
            Assert.Equal(ProbeOutcome.Accepted, ack.Outcome);
        }

        Assert.Equal(8, gpuCallsAfterFirst);
        Assert.Equal(8, GpuCalls(first));
        Assert.Equal((1, 1), (GrainClusterFixture.SentTo("steady-pool", "UpsertAsync"), GrainClusterFixture.SentTo("steady-pool", "UpsertCapacityAsync")));
        Assert.Equal(20, GrainClusterFixture.CallsTo("steady-1", "ReportAsync"));
    }

    [Fact]
    public async Task An_xid_reaches_only_its_gpu_grain_and_stays_after_the_report_that_carried_it()
    {
        var report = Reports.Steady("xid-1", 1);
        await Node("xid-1").ReportAsync(report);
        var before = report.Gpus.Select(g => GrainClusterFixture.CallsTo(g.Uuid, "ObserveAsync")).ToArray();

        await Node("xid-1").ReportAsync(Reports.WithXid(Reports.Steady("xid-1", 2), gpu: 5, xid: 48));
        await Node("xid-1").ReportAsync(Reports.Steady("xid-1", 3));

        var after = report.Gpus.Select(g => GrainClusterFixture.CallsTo(g.Uuid, "ObserveAsync")).ToArray();
        Assert.Equal(Enumerable.Range(0, 8).Select(i => before[i] + (i == 5 ? 1 : 0)), after);
        var gpu = await fixture.Grains.GetGrain<IGpuGrain>(report.Gpus[5].Uuid).GetAsync();
        Assert.Equal(HealthStatus.Unhealthy, gpu!.Health.Status);
        Assert.Equal(RemediationAction.ResetGpu, Assert.Single(gpu.Health.Reasons).Action);
        var view = await Node("xid-1").GetAsync();
        Assert.Equal(HealthStatus.Unhealthy, view!.Gpus[5].Health.Status);
        Assert.Equal(HealthStatus.Degraded, view.Health.Status);
    }

    [Fact]
    public async Task A_nic_going_down_is_recorded_by_its_nic_grain_with_history()
    {
        var report = Reports.Steady("nic-1", 1, NodeTemplates.V100);
        await Node("nic-1").ReportAsync(report);
        await Node("nic-1").ReportAsync(Reports.Steady("nic-1", 2, NodeTemplates.V100) with
        {
            Nics = [report.Nics[0] with { State = ControlPlane.Wire.Probes.PortState.Down }, report.Nics[1]],
        });

        var nic = await fixture.Grains.GetGrain<INicGrain>(NicKey.Of("nic-1", "mlx5_0", 1)).GetAsync();
        Assert.Equal(HealthStatus.Unhealthy, nic!.Health.Status);
        // First seen healthy, the port activated no NIC grain; its history starts with the change, from the node's verdict.
        Assert.Equal([(HealthStatus.Healthy, HealthStatus.Unhealthy)], nic.History.Select(h => (h.From, h.To)));
    }

    [Fact]
    public async Task Registering_a_node_with_healthy_nics_activates_no_nic_grain_and_asks_each_gpu_grain_once()
    {
        var report = Reports.Steady("nic-quiet-1", 1, NodeTemplates.V100);

        await Node("nic-quiet-1").ReportAsync(report);

        Assert.All(report.Nics, n => Assert.Equal(0, GrainClusterFixture.CallsTo(NicKey.Of("nic-quiet-1", n.Device, n.Port), "ObserveAsync")));
        Assert.All(report.Gpus, g => Assert.Equal(
            (1, 0, 0),
            (GrainClusterFixture.CallsTo(g.Uuid, "ClaimAndObserveAsync"), GrainClusterFixture.CallsTo(g.Uuid, "ClaimAsync"), GrainClusterFixture.CallsTo(g.Uuid, "ObserveAsync"))));
        var gpu = await fixture.Grains.GetGrain<IGpuGrain>(report.Gpus[0].Uuid).GetAsync();
        Assert.Equal(("nic-quiet-1", HealthStatus.Healthy), (gpu!.Node, gpu.Health.Status));
    }

    [Fact]
    public async Task Older_reports_are_stale_and_equal_ones_are_duplicates()
    {
        await Node("seq-1").ReportAsync(Reports.Steady("seq-1", 10));
        var stale = await Node("seq-1").ReportAsync(Reports.WithXid(Reports.Steady("seq-1", 9), 0, 79));
        var duplicate = await Node("seq-1").ReportAsync(Reports.Steady("seq-1", 10));

        Assert.Equal((ProbeOutcome.Stale, 10L), (stale.Outcome, stale.LastAcceptedSequence));
        Assert.Equal(ProbeOutcome.Duplicate, duplicate.Outcome);
        Assert.Equal(HealthStatus.Healthy, (await Node("seq-1").GetAsync())!.Health.Status);
    }

    [Fact]
    public async Task A_silent_node_becomes_unknown_then_not_ready_and_recovers_on_its_next_report()
    {
        await Node("silent-1").ReportAsync(Reports.Steady("silent-1", 1));
        Assert.Equal(Readiness.Ready, (await Node("silent-1").GetAsync())!.Readiness);

        var unknown = await WaitForReadinessAsync("silent-1", Readiness.Unknown);
        var notReady = await WaitForReadinessAsync("silent-1", Readiness.NotReady);
        await Node("silent-1").ReportAsync(Reports.Steady("silent-1", 2));

        Assert.Equal(HealthStatus.Unknown, unknown.Health.Status);
        Assert.Contains(notReady.Health.Reasons, r => r.Code == "heartbeat-lost");
        var back = await Node("silent-1").GetAsync();
        Assert.Equal((Readiness.Ready, HealthStatus.Healthy), (back!.Readiness, back.Health.Status));
    }

    [Fact]
    public async Task A_token_verifies_only_until_it_is_replaced()
    {
        var first = ControlPlane.Contracts.Nodes.AgentToken.Sha256("cpn_token-1_first");
        await Node("token-1").SetAgentTokenAsync(first);
        Assert.True(await Node("token-1").VerifyAgentTokenAsync(first));
        var second = ControlPlane.Contracts.Nodes.AgentToken.Sha256("cpn_token-1_second");
        await Node("token-1").SetAgentTokenAsync(second);

        Assert.False(await Node("token-1").VerifyAgentTokenAsync(first));
        Assert.True(await Node("token-1").VerifyAgentTokenAsync(second));
    }

    private async Task<NodeView> WaitForReadinessAsync(string node, Readiness readiness)
    {
        for (var i = 0; i < 400; i++)
        {
            var view = await Node(node).GetAsync();
            if (view!.Readiness == readiness)
            {
                return view;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{node} never became {readiness}");
    }
}
