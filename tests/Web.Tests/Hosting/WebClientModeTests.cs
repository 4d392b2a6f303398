using ControlPlane.Contracts.Nodes;
using ControlPlane.Testing;
using ControlPlane.Web.Tests.Apis;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Nodes;

namespace ControlPlane.Web.Tests.Hosting;

/// <summary>The two-process shape of a real deployment: a standalone silo and a web front end that only hosts a client.</summary>
[Collection(RedisCollection.Name)]
public sealed class WebClientModeTests(RedisServer redis)
{
    [Fact(Timeout = 60_000)]
    public async Task Web_front_end_without_a_silo_serves_a_node_reported_through_the_standalone_silo()
    {
        var clusterId = $"client-{Guid.NewGuid():N}";
        var node = $"node-{Guid.NewGuid():N}"[..20];
        await using var silo = await StandaloneSilo.StartAsync(redis.ConnectionString, clusterId);
        var ack = await silo.Grains.GetGrain<INodeGrain>(node).ReportAsync(Reports.WithXid(Reports.Steady(node, 7), gpu: 1, xid: 79));

        await using var web = await RunningControlPlane.StartAsync(
            "--ControlPlane:Web:HostSilo=false",
            $"--ControlPlane:Redis={redis.ConnectionString}",
            "--ControlPlane:Auth:TokenSecret=test-token-secret-0123456789abcdef",
            $"--ControlPlane:Silo:ClusterId={clusterId}");
        var view = await web.GetNodeAsync(node);
        var hostsNoSilo = web.App.Services.GetService(typeof(ILocalSiloDetails)) is null;

        Assert.Equal(ProbeOutcome.Accepted, ack.Outcome);
        Assert.True(hostsNoSilo);
        Assert.NotNull(view);
        Assert.Equal(node, view.Node);
        Assert.Equal(7, view.Sequence);
        Assert.Equal(HealthStatus.Degraded, view.Health.Status);
        Assert.Contains(view.Health.Reasons, r => r.Code == "gpu-unhealthy");
    }
}
