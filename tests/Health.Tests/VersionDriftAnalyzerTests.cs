using ControlPlane.Wire.Fleet;
using ControlPlane.Wire.Health;

namespace ControlPlane.Health.Tests;

public sealed class VersionDriftAnalyzerTests
{
    private static NodeSummary Node(string name, string pool, string cuda, string? nccl) => new()
    {
        Node = name, Pool = pool, Health = HealthStatus.Healthy, Readiness = Readiness.Ready, Cordoned = false,
        GpuCount = 8, HealthyGpus = 8, ActiveNics = 1, Nics = 1, Driver = "550.54.15", Cuda = cuda, Nccl = nccl, LastSeen = DateTimeOffset.UtcNow,
    };

    [Fact]
    public void The_field_report_nccl_2_18_3_among_2_18_5_is_flagged()
    {
        var report = VersionDriftAnalyzer.Analyze([Node("a", "p", "12.4", "2.18.5"), Node("b", "p", "12.4", "2.18.5"), Node("c", "p", "12.4", "2.18.3")]);

        var drift = Assert.Single(report.Drift);
        Assert.Equal(("c", "nccl", "2.18.3", "2.18.5"), (drift.Node, drift.Field, drift.Value, drift.Majority));
        Assert.Equal(2, report.Groups.Length);
    }

    [Fact]
    public void Pools_are_judged_separately()
    {
        var report = VersionDriftAnalyzer.Analyze([Node("a", "h20", "12.4", "2.18.5"), Node("b", "h200", "13.0", "2.28.9")]);
        Assert.Empty(report.Drift);
    }

    [Fact]
    public void Cuda_drift_is_flagged_too()
    {
        var report = VersionDriftAnalyzer.Analyze([Node("a", "p", "12.4", "2.21.5"), Node("b", "p", "12.4", "2.21.5"), Node("c", "p", "12.2", "2.21.5")]);
        Assert.Equal(("c", "cuda"), (Assert.Single(report.Drift).Node, report.Drift[0].Field));
    }

    [Fact]
    public void A_node_that_cannot_tell_its_NCCL_neither_drifts_nor_outvotes_the_pool()
    {
        // Two hosts without NCCL (their engine images bring it) and one with 2.28.9: nobody drifts.
        var report = VersionDriftAnalyzer.Analyze([Node("a", "p", "13.0", null), Node("b", "p", "13.0", ""), Node("c", "p", "13.0", "2.28.9")]);

        Assert.Empty(report.Drift);
        Assert.All(report.Groups, g => Assert.False(g.Drift));

        // Among known versions the majority still rules.
        var mixed = VersionDriftAnalyzer.Analyze([Node("a", "p", "13.0", null), Node("b", "p", "13.0", "2.28.9"), Node("c", "p", "13.0", "2.28.9"), Node("d", "p", "13.0", "2.27.3")]);
        Assert.Equal(("d", "2.28.9"), (Assert.Single(mixed.Drift).Node, mixed.Drift[0].Majority));
    }
}
