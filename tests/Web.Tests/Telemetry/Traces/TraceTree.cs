using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ControlPlane.Web.Tests.Telemetry.Traces;

/// <summary>One trace's spans linked parent to child: ancestry checks and the indented print a person reads.</summary>
public sealed class TraceTree(IReadOnlyList<Activity> spans)
{
    private static readonly string[] KeyTags = ["http.request.method", "http.route", "http.response.status_code", "controlplane.", "k8s."];

    private readonly Dictionary<ActivitySpanId, Activity> byId = spans.ToDictionary(s => s.SpanId);

    public IReadOnlyList<Activity> Spans => spans;

    /// <summary>Spans whose parent is not in the trace (a complete trace has exactly one).</summary>
    public Activity[] Roots => [.. spans.Where(s => !byId.ContainsKey(s.ParentSpanId))];

    public Activity[] Named(string name) => [.. spans.Where(s => s.DisplayName == name)];

    public Activity Single(string name) => Assert.Single(Named(name));

    /// <summary>Whether <paramref name="ancestor"/> is on <paramref name="span"/>'s path to the root.</summary>
    public bool Descends(Activity span, Activity ancestor)
    {
        for (var at = span; byId.TryGetValue(at.ParentSpanId, out var parent); at = parent)
        {
            if (parent.SpanId == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The names from the root down to <paramref name="span"/> (what a failed ancestry check prints).</summary>
    public string PathOf(Activity span)
    {
        var path = new List<string> { span.DisplayName };
        for (var at = span; byId.TryGetValue(at.ParentSpanId, out var parent); at = parent)
        {
            path.Add(parent.DisplayName);
        }

        path.Reverse();
        return string.Join(" > ", path);
    }

    /// <summary>
    /// Each span on its own line, indented under its parent: name, start (from the trace's first span), duration, key
    /// attributes; children by start time.
    /// </summary>
    public string Print()
    {
        var start = spans.Min(s => s.StartTimeUtc);
        var children = spans.ToLookup(s => byId.ContainsKey(s.ParentSpanId) ? s.ParentSpanId : default);
        var text = new StringBuilder();
        void Write(Activity span, int depth)
        {
            var tags = span.TagObjects.Where(t => t.Value is not null && KeyTags.Any(k => t.Key.StartsWith(k, StringComparison.Ordinal)))
                .Select(t => $"{t.Key}={Convert.ToString(t.Value, CultureInfo.InvariantCulture)}");
            text.Append(string.Create(CultureInfo.InvariantCulture, $"{new string(' ', depth * 2)}{span.DisplayName}  +{(span.StartTimeUtc - start).TotalMilliseconds:0} ms, {span.Duration.TotalMilliseconds:0.0} ms  {string.Join(" ", tags)}").TrimEnd()).Append('\n');
            foreach (var child in children[span.SpanId].OrderBy(c => c.StartTimeUtc))
            {
                Write(child, depth + 1);
            }
        }

        foreach (var root in children[default].OrderBy(r => r.StartTimeUtc))
        {
            Write(root, 0);
        }

        return text.ToString();
    }
}
