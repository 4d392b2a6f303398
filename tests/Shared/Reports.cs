using ControlPlane.Simulation;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Testing;

/// <summary>Realistic probe reports from the simulator's templates (which are the captured topologies).</summary>
public static class Reports
{
    public static ProbeReport For(string node, NodeTemplate? template = null, long sequence = 1, DateTimeOffset? at = null)
    {
        var simulated = new SimulatedNode(node, template ?? NodeTemplates.H20, (template ?? NodeTemplates.H20).Versions, "rack-1");
        return simulated.NextReport(at ?? DateTimeOffset.UtcNow, new Random(7)) with { Sequence = sequence };
    }

    /// <summary>The same node, steady: no XIDs, every telemetry value fixed.</summary>
    public static ProbeReport Steady(string node, long sequence, NodeTemplate? template = null) =>
        Calm(For(node, template, sequence));

    public static ProbeReport Calm(ProbeReport report) => report with
    {
        Gpus = [.. report.Gpus.Select(g => g with { TemperatureC = 40, UtilizationPercent = 10, PowerW = 100, MemoryUsedMiB = 1000 })],
    };

    public static ProbeReport WithXid(ProbeReport report, int gpu, int xid) => report with
    {
        Gpus = [.. report.Gpus.Select(g => g.Index == gpu ? g with { RecentXids = [new XidEvent { Code = xid, At = report.Timestamp }] } : g)],
    };
}
