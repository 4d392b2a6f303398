using System.Globalization;
using System.Text.RegularExpressions;

namespace ControlPlane.Testing.Prometheus;

/// <summary>
/// One sample line of the Prometheus text exposition format (<c>name{label="value",…} value [timestamp]</c>), as
/// Prometheus itself reads a scrape: https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format.
/// </summary>
public sealed partial record ExposedSeries(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string this[string label] => Labels.TryGetValue(label, out var value) ? value : "";

    /// <summary>Every sample line of a scrape; comments (# HELP, # TYPE) and blank lines are skipped.</summary>
    public static IReadOnlyList<ExposedSeries> Parse(string scrape) =>
        [.. scrape.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] != '#').Select(ParseLine)];

    private static ExposedSeries ParseLine(string line)
    {
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (brace < 0 || (space >= 0 && space < brace))
        {
            var parts = line.Split(' ');
            return new ExposedSeries(parts[0], new Dictionary<string, string>(), Number(parts[1]));
        }

        var close = line.LastIndexOf('}');
        var labels = Label().Matches(line[(brace + 1)..close]).ToDictionary(m => m.Groups[1].Value, m => Unescape(m.Groups[2].Value), StringComparer.Ordinal);
        return new ExposedSeries(line[..brace], labels, Number(line[(close + 1)..].Trim().Split(' ')[0]));
    }

    private static double Number(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, CultureInfo.InvariantCulture),
    };

    private static string Unescape(string value) => value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
