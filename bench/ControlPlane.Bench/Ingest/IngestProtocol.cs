using System.Globalization;

namespace ControlPlane.Bench.Ingest;

/// <summary>
/// Lines the load generator writes on stdout for the benchmark: <c>PHASE name</c> when a phase starts,
/// <c>STAT name count seconds p50 p99</c> when it ends, <c>INFO text</c> to print as it is.
/// </summary>
public static class IngestProtocol
{
    public static void Phase(string name) => Console.Out.WriteLine($"PHASE {name}");

    public static void Info(string text) => Console.Out.WriteLine($"INFO {text}");

    public static void Stat(string name, Latencies latencies, TimeSpan took) =>
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"STAT {name} {latencies.Count} {took.TotalSeconds:R} {latencies.Percentile(50):R} {latencies.Percentile(99):R}"));

    /// <summary>A phase's outcome as the load generator measured it.</summary>
    public sealed record PhaseStat(int Count, double Seconds, double P50, double P99)
    {
        public double PerSecond => Count / Seconds;

        public static PhaseStat Parse(string[] fields) => new(
            int.Parse(fields[2], CultureInfo.InvariantCulture),
            double.Parse(fields[3], CultureInfo.InvariantCulture),
            double.Parse(fields[4], CultureInfo.InvariantCulture),
            double.Parse(fields[5], CultureInfo.InvariantCulture));
    }
}
