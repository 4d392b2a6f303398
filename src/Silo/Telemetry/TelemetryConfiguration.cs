using ControlPlane.Grains.Ingestion;
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
    public static OpenTelemetry.OpenTelemetryBuilder AddControlPlaneTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = configuration["ControlPlane:Telemetry:Otlp"] ?? configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var builder = services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ControlPlaneMetrics.Name, "Microsoft.Orleans").AddRuntimeInstrumentation();
                if (!string.IsNullOrWhiteSpace(otlp))
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = new Uri(otlp));
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(ControlPlaneMetrics.Name, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application");
                if (!string.IsNullOrWhiteSpace(otlp))
                {
                    tracing.AddOtlpExporter(o => o.Endpoint = new Uri(otlp));
                }
            });
        return builder;
    }
}
