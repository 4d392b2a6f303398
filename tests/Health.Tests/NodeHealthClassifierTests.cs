using ControlPlane.Wire.Health;

namespace ControlPlane.Health.Tests;

public sealed class NodeHealthClassifierTests
{
    private static readonly DeviceHealth Bad = DeviceHealth.From([new HealthReason { Code = "xid-79", Severity = HealthStatus.Unhealthy, Message = "x" }]);

    [Fact]
    public void One_bad_gpu_of_eight_leaves_the_node_degraded()
    {
        var gpus = Enumerable.Range(0, 8).Select(i => (i, i == 3 ? Bad : DeviceHealth.Healthy)).ToArray();
        var health = NodeHealthClassifier.Classify(gpus, [], Readiness.Ready, hasNotes: false);
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Equal("GPU 3 unhealthy", Assert.Single(health.Reasons).Message);
    }

    [Fact]
    public void Every_gpu_bad_makes_the_node_unhealthy()
    {
        var health = NodeHealthClassifier.Classify([(0, Bad), (1, Bad)], [], Readiness.Ready, hasNotes: false);
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
    }

    [Fact]
    public void A_down_nic_degrades_the_node()
    {
        var down = DeviceHealth.From([new HealthReason { Code = "nic-port-not-active", Severity = HealthStatus.Unhealthy, Message = "x" }]);
        var health = NodeHealthClassifier.Classify([(0, DeviceHealth.Healthy)], [("mlx5_0:1", down)], Readiness.Ready, hasNotes: false);
        Assert.Equal(HealthStatus.Degraded, health.Status);
        Assert.Equal("nic-down", Assert.Single(health.Reasons).Code);
    }

    [Fact]
    public void A_silent_node_is_unknown_whatever_its_devices_said()
    {
        var health = NodeHealthClassifier.Classify([(0, DeviceHealth.Healthy)], [], Readiness.NotReady, hasNotes: false);
        Assert.Equal(HealthStatus.Unknown, health.Status);
        Assert.Equal("heartbeat-lost", Assert.Single(health.Reasons).Code);
    }

    [Fact]
    public void A_node_without_gpus_says_so()
    {
        var health = NodeHealthClassifier.Classify([], [], Readiness.Ready, hasNotes: true);
        Assert.Equal("no-gpus", Assert.Single(health.Reasons).Code);
        Assert.Equal(HealthStatus.Degraded, health.Status);
    }

    [Theory]
    [InlineData(0, Readiness.Ready)]
    [InlineData(14, Readiness.Ready)]
    [InlineData(15, Readiness.Unknown)]
    [InlineData(59, Readiness.Unknown)]
    [InlineData(60, Readiness.NotReady)]
    public void Readiness_follows_missed_heartbeats(int silentSeconds, Readiness expected)
    {
        var options = new HealthOptions { HeartbeatInterval = TimeSpan.FromSeconds(5), UnknownAfterMissed = 3, NotReadyAfterMissed = 12 };
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(expected, LivenessPolicy.ReadinessAt(now.AddSeconds(-silentSeconds), now, options));
    }
}
