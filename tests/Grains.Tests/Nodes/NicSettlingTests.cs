using ControlPlane.Contracts.Nodes;
using ControlPlane.Grains.Nodes;
using ControlPlane.Health;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Grains.Tests.Nodes;

/// <summary>A NIC port that went down is kept out of placement until it has held Active for <c>ReadmitStableFor</c>, incident or not.</summary>
public sealed class NicSettlingTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private static readonly TimeSpan Settle = TimeSpan.FromMinutes(10);
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_port_back_from_down_settles_a_flap_starts_over_and_it_is_readmitted_once_it_held()
    {
        var up = Reports.Steady("settle-pure", 1, NodeTemplates.V100);
        var down = up with { Sequence = 2, Nics = [up.Nics[0] with { State = PortState.Down }, up.Nics[1]] };
        var record = Next(new NodeRecord(), up, T0);

        record = Next(record, down, T0.AddMinutes(1));
        var downVerdict = record.Nics[0];
        record = Next(record, up with { Sequence = 3 }, T0.AddMinutes(2));
        var settling = record.Nics[0];
        record = Next(record, down with { Sequence = 4 }, T0.AddMinutes(5));
        record = Next(record, up with { Sequence = 5 }, T0.AddMinutes(6));
        var again = record.Nics[0];
        record = Next(record, up with { Sequence = 6 }, T0.AddMinutes(15));
        var stillSettling = record.Nics[0];
        record = Next(record, up with { Sequence = 7 }, T0.AddMinutes(16));

        Assert.Equal(HealthStatus.Unhealthy, downVerdict.Health.Status);
        Assert.Equal((HealthStatus.Degraded, T0.AddMinutes(2) + Settle), (settling.Health.Status, settling.SettlingUntil));
        Assert.Equal("nic-port-settling", Assert.Single(settling.Health.Reasons).Code);
        Assert.Equal(T0.AddMinutes(6) + Settle, again.SettlingUntil);
        Assert.Equal(HealthStatus.Degraded, stillSettling.Health.Status);
        Assert.Equal((HealthStatus.Healthy, (DateTimeOffset?)null), (record.Nics[0].Health.Status, record.Nics[0].SettlingUntil));
        Assert.Equal(HealthStatus.Healthy, record.Nics[1].Health.Status);
    }

    [Fact]
    public async Task A_settling_port_is_inactive_in_the_placement_view_and_the_node_says_why()
    {
        const string name = "settle-grain-1";
        var node = fixture.Grains.GetGrain<INodeGrain>(name);
        var up = Reports.Steady(name, 1, NodeTemplates.V100);
        await node.ReportAsync(up);
        await node.ReportAsync(up with { Sequence = 2, Nics = [up.Nics[0] with { State = PortState.Down }, up.Nics[1]] });

        await node.ReportAsync(up with { Sequence = 3 });

        var placement = (await node.GetPlacementAsync())!;
        var view = (await node.GetAsync())!;
        Assert.False(placement.Nics.Single(n => n.Device == up.Nics[0].Device).Active);
        Assert.True(placement.Nics.Single(n => n.Device == up.Nics[1].Device).Active);
        Assert.Equal("nic-port-settling", Assert.Single(view.Nics[0].Health.Reasons).Code);
        Assert.Equal(PortState.Active, view.Nics[0].Report.State);
    }

    private static NodeRecord Next(NodeRecord current, ProbeReport report, DateTimeOffset now)
    {
        var (gpus, nics, health) = ReportVerdicts.Classify(report, current, now, new HealthOptions(), Settle);
        return current with { Report = report, Sequence = report.Sequence, Gpus = gpus, Nics = nics, Health = health, Readiness = Readiness.Ready };
    }
}
