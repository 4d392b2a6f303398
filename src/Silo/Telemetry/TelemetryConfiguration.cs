using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ControlPlane.Silo.Telemetry;

/// <summary>
/// Metrics and traces of the control plane and Orleans. OTLP export switches on with
/// <see cref="TelemetryOptions.Otlp"/> (or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>); hosts add their own instrumentation.
/// </summary>
public static class TelemetryConfiguration
{
    /// <summary>The name of the control plane's own meter and activity source.</summary>
    public const string ControlPlaneSource = "ControlPlane";

    public static OpenTelemetry.OpenTelemetryBuilder AddControlPlaneTelemetry(this IServiceCollection services, TelemetryOptions options)
    {
        var endpoint = options.OtlpEndpoint;
        var builder = services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ControlPlaneSource, "Microsoft.Orleans").AddRuntimeInstrumentation();
                if (endpoint is not null)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = endpoint);
                }
            });
        if (endpoint is not null)
        {
            builder.WithTracing(tracing => tracing
                .AddSource(ControlPlaneSource, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                .AddOtlpExporter(o => o.Endpoint = endpoint));
        }

        return builder;
    }
}
