using System.Globalization;
using System.Text;

namespace ControlPlane.Bench.All;

/// <summary>The figures of one <c>all</c> run as Markdown tables (printed, and written to the results file).</summary>
public static class ResultsTable
{
    public static string Figures(AllResults r)
    {
        var rows = new List<(string Benchmark, string Size, string Figure)>();
        foreach (var i in r.Ingest)
        {
            rows.Add(("`ingest`", $"{i.Nodes:N0} nodes", F($"steady {i.ReportsPerSecond:F0} reports/s, p50 {i.P50Ms:F1} ms, p99 {i.P99Ms:F1} ms, {i.KiBPerReport:F1} KiB/report; changing p99 {i.ChangingP99Ms:F1} ms, {i.ChangingKiBPerReport:F1} KiB/report; registration {i.RegisterPerSecond:F0} nodes/s; {i.BytesPerNode:N0} heap bytes/node; `GET /healthz` floor {i.HealthzPerSecond:F0}/s")));
        }

        if (r.Place is { } p)
        {
            rows.Add(("`place`", $"{p.Nodes:N0} nodes, in process", F($"{p.Engine.PerSecond:F0} plans/s, p50 {p.Engine.P50:F3} ms, p99 {p.Engine.P99:F3} ms; best tier {p.Engine.BestPct:F1} % (first-fit {p.FirstFit.BestPct:F1} %, device-plugin {p.DevicePlugin.BestPct:F1} %); free TP4 groups {p.Engine.FreeTp4} (first-fit {p.FirstFit.FreeTp4}, device-plugin {p.DevicePlugin.FreeTp4})")));
        }

        foreach (var e in r.PlaceE2eSaturated is { } saturated ? [.. r.PlaceE2e, saturated] : r.PlaceE2e)
        {
            rows.Add(("`place-e2e`", $"{e.Nodes:N0} nodes, {e.Concurrency} clients", F($"{e.DeploymentsPerSecond:F0} operations/s, p50 {e.P50Ms:F1} ms, p99 {e.P99Ms:F1} ms; best tier {e.BestTierPct:F1} %; {e.Failed} failed, {e.DoubleAllocations} double allocations, {e.OrphanedGpus} orphaned GPUs")));
        }

        if (r.ColdStart is { } c)
        {
            rows.Add(("`cold-start`", $"{c.Nodes:N0} nodes, {c.Deployments:N0} deployments, Redis", F($"ready {c.ReadySeconds:F1} s after the new silo starts (silo up {c.SiloStartSeconds:F1} s, agents in {c.AgentsSeconds:F1} s); longest `/healthz` {c.HealthzMaxMs:F0} ms; {c.Retries} retries, {c.ServerErrors} 5xx; {c.DoubleAllocations} double allocations, {c.OrphanedGpus} orphaned GPUs")));
        }

        if (r.Failover is { } f)
        {
            rows.Add(("`failover`", $"{f.Incidents:N0} incidents, {r.Sizes.FailoverNodes:N0} nodes", F($"signal to replacement recorded p50 {f.P50Ms:F1} ms, p99 {f.P99Ms:F1} ms, {f.IncidentsPerSecond:F0} incidents/s (the first incidents after start: slowest {f.FirstIncidentsMaxMs:F0} ms); {f.Failed} failed, {f.DoubleAllocations} double allocations, {f.OrphanedGpus} orphaned GPUs")));
        }

        if (r.Portal is { } o)
        {
            rows.Add(("`portal`", $"{o.Nodes:N0} nodes", double.IsNaN(o.FirstScreenMs)
                ? "not measured: the simulated nodes did not all reach the portal's fleet snapshot within the settle time"
                : F($"first screen {o.FirstScreenMs:F0} ms (median), slowest {o.MaxMs:F0} ms, {o.RowsPainted} rows painted")));
        }

        if (r.ScaleOut is { } s)
        {
            rows.Add(("`scale-out` ingest", $"{s.Nodes:N0} nodes, 1 vs 3 silos, Redis", F($"{s.IngestOne.ReportsPerSecond:F0} → {s.IngestThree.ReportsPerSecond:F0} reports/s (×{s.IngestRatio:F2}); p99 {s.IngestOne.P99Ms:F1} → {s.IngestThree.P99Ms:F1} ms; CPU {s.IngestOne.CpuMicrosecondsPerReport:F0} → {s.IngestThree.CpuMicrosecondsPerReport:F0} µs/report")));
            rows.Add(("`scale-out` place-e2e", $"{s.Nodes:N0} nodes, 1 vs 3 silos, Redis", F($"{s.E2eOne.DeploymentsPerSecond:F0} → {s.E2eThree.DeploymentsPerSecond:F0} operations/s (×{s.E2eRatio:F2}); p99 {s.E2eOne.P99Ms:F1} → {s.E2eThree.P99Ms:F1} ms; invariants {s.E2eOne.DoubleAllocations + s.E2eOne.OrphanedGpus}/{s.E2eThree.DoubleAllocations + s.E2eThree.OrphanedGpus}")));
        }

        var table = new StringBuilder("| benchmark | size | figure |\n|---|---|---|\n");
        foreach (var (benchmark, size, figure) in rows)
        {
            table.Append(CultureInfo.InvariantCulture, $"| {benchmark} | {size} | {figure} |\n");
        }

        return table.ToString();
    }

    public static string Memory(AllResults r)
    {
        if (r.GrainMemory is not { } m)
        {
            return "";
        }

        var table = new StringBuilder("| grain kind | activated | managed heap per activation |\n|---|---|---|\n");
        foreach (var (kind, count, bytes) in new[]
        {
            ("node", m.Nodes, m.NodeBytes), ("GPU", m.Gpus, m.GpuBytes), ("NIC", m.Nics, m.NicBytes),
            ("deployment (less its pair)", m.Deployments, m.DeploymentBytes), ("pair", m.Deployments, m.PairBytes),
        })
        {
            table.Append(CultureInfo.InvariantCulture, $"| {kind} | {count:N0} | {bytes:N0} bytes |\n");
        }

        return table.ToString();
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
