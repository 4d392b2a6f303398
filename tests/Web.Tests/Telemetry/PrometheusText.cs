using System.Globalization;
using System.Text.RegularExpressions;

namespace ControlPlane.Web.Tests.Telemetry;

/// <summary>Reads series out of a Prometheus text exposition: a metric's samples whose labels include the given ones.</summary>
public static partial class PrometheusText
{
    /// <summary>Samples of <paramref name="metric"/> (exact name) carrying every label in <paramref name="labels"/>, with all their labels.</summary>
    public static (IReadOnlyDictionary<string, string> Labels, double Value)[] Samples(string scrape, string metric, params (string Name, string Value)[] labels) =>
    [
        .. Sample().Matches(scrape).Where(m => m.Groups["name"].Value == metric)
            .Select(m => (Labels: (IReadOnlyDictionary<string, string>)Label().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups[1].Value, l => l.Groups[2].Value, StringComparer.Ordinal),
                Value: double.Parse(m.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture)))
            .Where(s => labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value)),
    ];

    /// <summary>The sum of the matching samples; null when there is none (the series is not exported).</summary>
    public static double? Sum(string scrape, string metric, params (string Name, string Value)[] labels) =>
        Samples(scrape, metric, labels) is { Length: > 0 } found ? found.Sum(s => s.Value) : null;

    /// <summary>Distinct metric names of the exposition that start with <paramref name="prefix"/>.</summary>
    public static string[] Names(string scrape, string prefix) =>
        [.. Sample().Matches(scrape).Select(m => m.Groups["name"].Value).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>[^ \n]+)", RegexOptions.Multiline)]
    private static partial Regex Sample();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
