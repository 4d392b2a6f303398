using ControlPlane.Web.Portal.Fleet;
using ControlPlane.Wire.Fleet;
using ControlPlane.Wire.Health;

namespace ControlPlane.Web.Tests.Portal.Components;

/// <summary>
/// The fleet table's order as an on-call operator reads it (issue 23, bug 10): sorting by health puts the broken
/// nodes first, and node names sort as numbered (a100-11 before a100-100), not as text.
/// </summary>
public sealed class FleetQueryTests
{
    private static readonly FleetSnapshot Snapshot = new(1, DateTimeOffset.UnixEpoch,
    [
        Node("a100-100", HealthStatus.Healthy), Node("a100-11", HealthStatus.Degraded), Node("a100-2", HealthStatus.Unhealthy),
        Node("a100-9", HealthStatus.Unknown), Node("h20-01", HealthStatus.Healthy),
    ], new VersionReport { Groups = [], Drift = [] });

    [Fact]
    public void Node_names_sort_by_their_numbers()
    {
        var rows = new FleetQuery(Sort: FleetSort.Node).Rows(Snapshot);

        Assert.Equal(["a100-2", "a100-9", "a100-11", "a100-100", "h20-01"], rows.Select(r => r.Node!.Node));
    }

    [Fact]
    public void Sorting_by_health_puts_the_worst_first_and_descending_the_healthy_first()
    {
        var worst = new FleetQuery(Sort: FleetSort.Health).Rows(Snapshot).Select(r => r.Node!.Summary.Health).ToArray();
        var best = new FleetQuery(Sort: FleetSort.Health, Descending: true).Rows(Snapshot).Select(r => r.Node!.Summary.Health).ToArray();

        Assert.Equal([HealthStatus.Unhealthy, HealthStatus.Degraded, HealthStatus.Unknown, HealthStatus.Healthy, HealthStatus.Healthy], worst);
        Assert.Equal(HealthStatus.Healthy, best[0]);
        Assert.Equal(HealthStatus.Unhealthy, best[^1]);
    }

    [Theory]
    [InlineData("a100-11", "a100-100", -1)]
    [InlineData("n007", "n7", -1)]
    [InlineData("gpu-2b", "gpu-2a", 1)]
    [InlineData("x", "x", 0)]
    public void Natural_order_compares_digit_runs_by_value(string a, string b, int sign) =>
        Assert.Equal(sign, Math.Sign(NaturalOrder.Instance.Compare(a, b)));

    private static FleetNode Node(string name, HealthStatus health) => new(
        new NodeSummary
        {
            Node = name, Pool = name.Split('-')[0], Health = health, Readiness = Readiness.Ready, Cordoned = false, GpuCount = 8,
            HealthyGpus = 8, ActiveNics = 1, Nics = 1, LastSeen = DateTimeOffset.UnixEpoch,
        },
        new GpuUse(8, 0, 0),
        null);
}
