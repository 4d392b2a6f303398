using ControlPlane.Testing;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Health.Tests;

/// <summary>A GPU's multi-node NVLink fabric in its health: unregistered or unhealthy is Degraded with the fabric to check.</summary>
public sealed class FabricHealthTests
{
    private const string Domain = "6c9d1e3a-9f1b-4c1e-8d2a-4b8f0e2c7a11";

    private static readonly GpuReport Gpu = Reports.Steady("fabric-1", 1).Gpus[0];

    private static DeviceHealth Classify(GpuFabric? fabric) =>
        GpuHealthClassifier.Classify(Gpu with { Fabric = fabric }, [], Reports.Steady("fabric-1", 1).Topology, new HealthOptions());

    [Fact]
    public void A_gpu_in_no_domain_as_the_real_2xH200_capture_reports_is_healthy()
    {
        var health = Classify(new GpuFabric { State = "Completed", Status = "Success", CliqueId = 0, ClusterUuid = "00000000-0000-0000-0000-000000000000" });

        Assert.Equal(HealthStatus.Healthy, health.Status);
        Assert.Empty(health.Reasons);
    }

    [Theory]
    [InlineData("In Progress", null)]
    [InlineData("Completed", "NVML error 999")]
    public void A_gpu_not_registered_with_its_domain_is_degraded_naming_the_fabric_to_check(string state, string? status)
    {
        var health = Classify(new GpuFabric { State = state, Status = status, CliqueId = 7, ClusterUuid = Domain });

        Assert.Equal(HealthStatus.Degraded, health.Status);
        var reason = Assert.Single(health.Reasons);
        Assert.Equal(("nvlink-fabric-unregistered", RemediationAction.CheckFabric), (reason.Code, reason.Action));
        Assert.Contains($"domain {Domain}/7", reason.Message, StringComparison.Ordinal);
        Assert.Contains("nvidia-fabricmanager", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_registered_gpu_whose_fabric_health_is_limited_is_degraded()
    {
        var health = Classify(new GpuFabric { State = "Completed", Status = "Success", CliqueId = 7, ClusterUuid = Domain, HealthSummary = "Limited Capacity" });

        Assert.Equal("nvlink-fabric-health", Assert.Single(health.Reasons).Code);
        Assert.Equal(HealthStatus.Degraded, health.Status);
    }

    [Fact]
    public void A_registered_healthy_gpu_has_nothing_to_say()
    {
        var health = Classify(new GpuFabric { State = "Completed", Status = "Success", CliqueId = 7, ClusterUuid = Domain, HealthSummary = "Healthy" });

        Assert.Empty(health.Reasons);
    }
}
