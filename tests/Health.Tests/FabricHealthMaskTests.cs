using ControlPlane.Testing;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Health.Tests;

/// <summary>
/// NVML's fabric health mask (nvml.h: two-bit fields, 1 = TRUE, 2 = FALSE, 0 = not supported, at shift 0 degraded
/// bandwidth, 2 route recovery, 4 route unhealthy, 6 access timeout recovery): each TRUE field is its own finding.
/// </summary>
public sealed class FabricHealthMaskTests
{
    private const string Domain = "6c9d1e3a-9f1b-4c1e-8d2a-4b8f0e2c7a11";

    // Every field FALSE (2): 0b10_10_10_10, what a healthy GB200 GPU reports.
    private const long AllFalse = 0xAA;

    private static DeviceHealth Classify(long mask, string? summary = "Healthy") =>
        GpuHealthClassifier.Classify(Reports.Steady("tray-1", 1).Gpus[0] with
        {
            Fabric = new GpuFabric { State = "Completed", Status = "Success", CliqueId = 7, ClusterUuid = Domain, HealthSummary = summary, HealthMask = mask },
        }, [], Reports.Steady("tray-1", 1).Topology, new HealthOptions());

    [Theory]
    [InlineData(AllFalse)]
    [InlineData(0L)]
    public void All_fields_false_or_unsupported_say_nothing(long mask) => Assert.Empty(Classify(mask).Reasons);

    [Theory]
    [InlineData((AllFalse & ~0x3L) | 1, "nvlink-fabric-degraded-bandwidth", RemediationAction.CheckFabric, "switch trays' ports and cables")]
    [InlineData((AllFalse & ~(0x3L << 2)) | (1 << 2), "nvlink-fabric-route-recovery", RemediationAction.Monitor, "wait for it to finish")]
    [InlineData((AllFalse & ~(0x3L << 4)) | (1 << 4), "nvlink-fabric-route-unhealthy", RemediationAction.CheckFabric, "drain the tray's cross-tray pairs")]
    [InlineData((AllFalse & ~(0x3L << 6)) | (1 << 6), "nvlink-fabric-access-timeout-recovery", RemediationAction.Monitor, "watch for XIDs")]
    public void Each_true_field_is_a_degraded_finding_with_its_remedy(long mask, string code, RemediationAction action, string remedy)
    {
        var health = Classify(mask, summary: "Limited Capacity");

        Assert.Equal(HealthStatus.Degraded, health.Status);
        var reason = Assert.Single(health.Reasons);
        Assert.Equal((code, action), (reason.Code, reason.Action));
        Assert.Contains($"domain {Domain}/7", reason.Message, StringComparison.Ordinal);
        Assert.Contains(remedy, reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Degraded_bandwidth_and_an_unhealthy_route_together_are_two_findings()
    {
        var health = Classify((AllFalse & ~0x33L) | 0x11);

        Assert.Equal(["nvlink-fabric-degraded-bandwidth", "nvlink-fabric-route-unhealthy"], health.Reasons.Select(r => r.Code));
    }

    [Fact]
    public void A_mask_on_a_gpu_in_no_domain_says_nothing()
    {
        var health = GpuHealthClassifier.Classify(Reports.Steady("h200", 1).Gpus[0] with
        {
            Fabric = new GpuFabric { State = "Completed", Status = "Success", CliqueId = 0, ClusterUuid = "00000000-0000-0000-0000-000000000000", HealthMask = 0x1 },
        }, [], Reports.Steady("h200", 1).Topology, new HealthOptions());

        Assert.Empty(health.Reasons);
    }
}
