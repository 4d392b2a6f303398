using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace ControlPlane.Agent.Cli;

/// <summary>Options several commands share, and the parsing of durations such as <c>5s</c>, <c>500ms</c>, <c>1m</c>.</summary>
internal static class CommonOptions
{
    /// <summary>Required (replay: the capture came from elsewhere) has no default; otherwise this host's name is.</summary>
    public static Option<string> Node(bool required)
    {
        Option<string> node = new("--node") { Description = "Kubernetes node name this agent reports for (fixed for the agent's lifetime)", Required = required };
        if (!required)
        {
            node.DefaultValueFactory = _ => DefaultNodeName();
        }

        return node;
    }

    public static Option<string> Pool() => new("--pool") { Description = "Pool the node belongs to", DefaultValueFactory = _ => "default" };

    public static Option<string?> Rack() => new("--rack") { Description = "Failure domain above the node (rack, row)" };

    public static Option<string> HostRoot() => new("--host-root")
    {
        Description = "Where the host's /proc, /sys and /etc are mounted (/host in the DaemonSet)",
        DefaultValueFactory = _ => "/",
    };

    public static Option<Uri?> Server(bool required) => new("--server")
    {
        Description = "Control plane base URL",
        Required = required,
        CustomParser = ParseServer,
    };

    public static Option<FileInfo?> TokenFile(bool required) => new("--token-file") { Description = "File holding the node's bearer token", Required = required };

    public static Option<TimeSpan> Interval() => new("--interval")
    {
        Description = "Time between reports: 5s, 500ms, 1m",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(5),
        CustomParser = ParseDuration,
    };

    private static string DefaultNodeName() =>
        Environment.GetEnvironmentVariable("NODE_NAME") is { Length: > 0 } fromDownwardApi
            ? fromDownwardApi
            : Environment.MachineName.ToLowerInvariant();

    // System.CommandLine 2.0 has no converter for Uri: without this parser, reading --server threw.
    private static Uri? ParseServer(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : "";
        if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            return url;
        }

        result.AddError($"'{text}' is not an http or https URL (https://controlplane:5080)");
        return null;
    }

    private static TimeSpan ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : "";
        (string Suffix, double Scale)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        foreach (var (suffix, scale) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                && value > 0 && double.IsFinite(value))
            {
                return TimeSpan.FromSeconds(value * scale);
            }
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
        {
            return span;
        }

        result.AddError($"'{text}' is not a duration (5s, 500ms, 1m, 00:00:05)");
        return default;
    }
}
