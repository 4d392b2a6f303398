using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace ControlPlane.Silo.Telemetry;

/// <summary><c>ControlPlane:Telemetry</c>: where metrics and traces go.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "ControlPlane:Telemetry";

    /// <summary>OpenTelemetry's own convention, read when <see cref="Otlp"/> is not set.</summary>
    public const string OtlpEnvironmentVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>OTLP endpoint for metrics and traces; nothing is exported when empty.</summary>
    [Url]
    public string? Otlp { get; set; }

    /// <summary>Serve a Prometheus scrape endpoint at <c>/metrics</c> (web front ends).</summary>
    public bool Prometheus { get; set; }

    /// <summary>How often the fleet, deployment and incident gauges are read from the grains.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan GaugeInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary><see cref="Otlp"/> when it is an absolute URI; a malformed value exports nothing and fails validation at start.</summary>
    public Uri? OtlpEndpoint => Uri.TryCreate(Otlp, UriKind.Absolute, out var endpoint) ? endpoint : null;

    /// <summary>Traces are recorded only when they go somewhere: an activity per call costs real CPU at thousands of reports a second.</summary>
    public bool ExportsOtlp => OtlpEndpoint is not null;

    /// <summary>The values as configured, for choices made while services are registered.</summary>
    public static TelemetryOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        options.FallBackTo(configuration);
        return options;
    }

    internal void FallBackTo(IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(Otlp))
        {
            Otlp = configuration[OtlpEnvironmentVariable];
        }
    }
}
