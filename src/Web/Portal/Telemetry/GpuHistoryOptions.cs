namespace ControlPlane.Web.Portal.Telemetry;

/// <summary>
/// <c>ControlPlane:Telemetry:PrometheusUrl</c>: the Prometheus that scrapes this control plane's <c>/metrics</c>. When set,
/// the node page's GPU charts read their history from it (hours, whichever front end took the reports); when empty,
/// from this process's own ring of recent reports.
/// </summary>
public sealed class GpuHistoryOptions
{
    public const string Section = "ControlPlane:Telemetry";

    public string? PrometheusUrl { get; set; }

    /// <summary>Where Prometheus's HTTP API answers; null when not configured (a malformed value fails validation at start).</summary>
    public Uri? Prometheus => Parse(PrometheusUrl);

    /// <summary>An absolute http(s) URL with a host, or nothing.</summary>
    public static IEnumerable<string> Problems(GpuHistoryOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.PrometheusUrl) && Parse(options.PrometheusUrl) is null)
        {
            yield return $"{Section}:{nameof(PrometheusUrl)}: '{options.PrometheusUrl}' is not an absolute http or https URL (e.g. http://prometheus:9090)";
        }
    }

    private static Uri? Parse(string? url) =>
        !string.IsNullOrWhiteSpace(url) && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0
            ? new Uri(uri.AbsoluteUri.EndsWith('/') ? uri.AbsoluteUri : uri.AbsoluteUri + "/")
            : null;
}
