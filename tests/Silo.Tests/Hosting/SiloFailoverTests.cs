using ControlPlane.Contracts.Gpus;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Testing;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Nodes;

namespace ControlPlane.Silo.Tests.Hosting;

/// <summary>Two silos on one real Redis: what a node grain wrote outlives the silo it was activated on.</summary>
[Collection(RedisCollection.Name)]
public sealed class SiloFailoverTests(RedisServer redis)
{
    [Fact(Timeout = 60_000)]
    public async Task Node_cordon_and_health_survive_the_silo_that_held_them_being_stopped()
    {
        var clusterId = $"failover-{Guid.NewGuid():N}";
        var node = $"node-{Guid.NewGuid():N}"[..20];
        await using var first = await StandaloneSilo.StartAsync(redis.ConnectionString, clusterId);
        await using var second = await StandaloneSilo.StartAsync(redis.ConnectionString, clusterId);
        var report = Reports.WithXid(Reports.Steady(node, 5), gpu: 2, xid: 79);
        var badGpu = report.Gpus.Single(g => g.Index == 2).Uuid;

        var onFirst = first.Grains.GetGrain<INodeGrain>(node);
        var ack = await onFirst.ReportAsync(report);
        var cordon = await onFirst.SetCordonAsync(new CordonChange { Cordon = true, Reason = "xid 79 on GPU 2: RMA", By = "oncall@example" });
        var management = first.Grains.GetGrain<IManagementGrain>(0);
        var heldBy = await management.GetActivationAddress(onFirst);
        var activeOnFirst = await management.GetDetailedGrainStatistics(null, [first.Address]);

        Assert.Equal(ProbeOutcome.Accepted, ack.Outcome);
        Assert.Equal(HealthStatus.Degraded, ack.Health);
        Assert.True(cordon!.Cordoned);
        Assert.NotEqual(first.Address, second.Address);
        Assert.Equal(first.Address, heldBy);
        Assert.Contains(activeOnFirst, s => s.GrainId == onFirst.GetGrainId() && s.SiloAddress.Equals(first.Address));

        await first.StopAsync();

        var onSecond = second.Grains.GetGrain<INodeGrain>(node);
        var view = await onSecond.GetAsync();
        var gpu = await second.Grains.GetGrain<IGpuGrain>(badGpu).GetAsync();
        var stale = await onSecond.ReportAsync(Reports.Steady(node, 3));
        var nowHeldBy = await second.Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(onSecond);

        Assert.Equal(second.Address, nowHeldBy);
        Assert.NotNull(view);
        Assert.True(view.Cordon.Cordoned);
        Assert.Equal("xid 79 on GPU 2: RMA", view.Cordon.Reason);
        Assert.Equal("oncall@example", view.Cordon.By);
        Assert.Equal(["xid 79 on GPU 2: RMA"], view.CordonHistory.Select(h => h.Reason));
        Assert.Equal(HealthStatus.Degraded, view.Health.Status);
        Assert.Contains(view.Health.Reasons, r => r.Code == "gpu-unhealthy");
        Assert.Equal(HealthStatus.Unhealthy, view.Gpus.Single(g => g.Report.Index == 2).Health.Status);
        Assert.Equal(5, view.Sequence);
        Assert.NotNull(gpu);
        Assert.Equal(node, gpu.Node);
        Assert.Equal(HealthStatus.Unhealthy, gpu.Health.Status);
        Assert.Equal(ProbeOutcome.Stale, stale.Outcome);
        Assert.Equal(5, stale.LastAcceptedSequence);
        Assert.Equal(HealthStatus.Degraded, stale.Health);
    }
}
