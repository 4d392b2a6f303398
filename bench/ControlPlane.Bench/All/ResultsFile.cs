using System.Globalization;
using System.Text;

namespace ControlPlane.Bench.All;

/// <summary>
/// Writes one <c>all</c> run to <c>bench/results/</c>: <c>&lt;date&gt;.md</c> (or <c>&lt;date&gt;-quick.md</c>) with the tables,
/// and its SVG charts beside it. A results file of that date written by hand (not by <c>all</c>) is kept: the run then
/// goes to <c>&lt;date&gt;-all.md</c>.
/// </summary>
public static class ResultsFile
{
    private const string Marker = "<!-- written by: ControlPlane.Bench all -->";

    public static string Write(AllResults r, string table, string memory)
    {
        var directory = Path.Combine(RepositoryRoot(), "bench", "results");
        Directory.CreateDirectory(directory);
        var stem = r.Started.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + (r.Sizes == AllSizes.Quick ? "-quick" : "");
        var path = Path.Combine(directory, stem + ".md");
        if (File.Exists(path) && !File.ReadAllText(path).Contains(Marker, StringComparison.Ordinal))
        {
            stem += "-all";
            path = Path.Combine(directory, stem + ".md");
        }

        var latencyChart = stem + "-latency.svg";
        var throughputChart = stem + "-throughput.svg";
        File.WriteAllText(Path.Combine(directory, latencyChart), Charts.LatencyDistribution(LatencySeries(r)));
        File.WriteAllText(Path.Combine(directory, throughputChart), Charts.ThroughputByFleetSize(
        [
            ("ingest (reports/s)", [.. r.Ingest.Select(i => (i.Nodes, i.ReportsPerSecond))]),
            ("place-e2e (operations/s)", [.. r.PlaceE2e.Select(e => (e.Nodes, e.DeploymentsPerSecond))]),
        ]));

        var text = new StringBuilder();
        text.AppendLine(Marker);
        text.AppendLine(CultureInfo.InvariantCulture, $"# Benchmark results, {r.Started:yyyy-MM-dd} (`all`{(r.Sizes == AllSizes.Quick ? " --quick" : "")})");
        text.AppendLine();
        var command = "dotnet run -c Release --project bench/ControlPlane.Bench -- all" + (r.Sizes == AllSizes.Quick ? " --quick" : "");
        text.AppendLine(CultureInfo.InvariantCulture, $"Started {r.Started:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores ({Environment.OSVersion}, .NET {Environment.Version}), load average {Load()} at the end; took {r.Elapsed.TotalMinutes:F1} min. Every load to 127.0.0.1 only. Reproduce: `{command}`.");
        text.AppendLine();
        text.Append(table);
        text.AppendLine();
        if (memory.Length > 0)
        {
            text.AppendLine("Managed heap per grain activation at steady state (`grain-memory`, embedded plane, full GC before and after):");
            text.AppendLine();
            text.Append(memory);
            text.AppendLine();
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"![latency distribution]({latencyChart})");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"![throughput against fleet size]({throughputChart})");
        text.AppendLine();
        text.AppendLine("Time per benchmark: " + string.Join(", ", r.Durations.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Key} {d.Value.TotalSeconds:F0} s"))) + ".");
        if (r.Failures.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Failed in this run:");
            foreach (var failure in r.Failures)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {failure}");
            }
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static IEnumerable<(string, double[])> LatencySeries(AllResults r)
    {
        if (r.Ingest.LastOrDefault() is { } i)
        {
            yield return (string.Create(CultureInfo.InvariantCulture, $"ingest, {i.Nodes:N0} nodes"), i.SortedLatenciesMs);
        }

        if (r.PlaceE2e.LastOrDefault() is { } e)
        {
            yield return (string.Create(CultureInfo.InvariantCulture, $"place-e2e, {e.Nodes:N0} nodes"), e.SortedLatenciesMs);
        }

        if (r.Failover is { } f)
        {
            yield return (string.Create(CultureInfo.InvariantCulture, $"failover, {f.Incidents:N0} incidents"), f.SortedLatenciesMs);
        }
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ControlPlane.sln")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
