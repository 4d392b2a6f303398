using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ControlPlane.Silo.Telemetry;

/// <summary>
/// Metrics and traces of the control plane and Orleans. OTLP export switches on with the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (or <c>ControlPlane:Telemetry:Otlp</c>); hosts add their own instrumentation.
/// </summary>
public static class TelemetryConfiguration
{
    /// <summary>The name of the control plane's own meter and activity source.</summary>
    public const string ControlPlaneSource = "ControlPlane";

    public static string? OtlpEndpoint(IConfiguration configuration) =>
        configuration["ControlPlane:Telemetry:Otlp"] is { Length: > 0 } endpoint ? endpoint : configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];

    /// <summary>Traces are recorded only when they go somewhere: an activity per call costs real CPU at thousands of reports a second.</summary>
    public static bool ExportsTraces(IConfiguration configuration) => !string.IsNullOrWhiteSpace(OtlpEndpoint(configuration));

    public static OpenTelemetry.OpenTelemetryBuilder AddControlPlaneTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = OtlpEndpoint(configuration);
        var builder = services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ControlPlaneSource, "Microsoft.Orleans").AddRuntimeInstrumentation();
                if (!string.IsNullOrWhiteSpace(otlp))
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = new Uri(otlp));
                }
            });
        if (!string.IsNullOrWhiteSpace(otlp))
        {
            builder.WithTracing(tracing => tracing
                .AddSource(ControlPlaneSource, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                .AddOtlpExporter(o => o.Endpoint = new Uri(otlp)));
        }

        return builder;
    }
}
