using ControlPlane.Grains.Telemetry;
using ControlPlane.Kubernetes;
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

    /// <summary>Every meter of the control plane: the web front end's, the grains' (a silo's) and Orleans'.</summary>
    public static readonly string[] Meters = [ControlPlaneSource, GrainMeter.Name, "Microsoft.Orleans"];

    /// <summary>
    /// Every span source of a deployment's and an incident's path: the control plane's, the grains', the Kubernetes
    /// applier's, and Orleans' grain calls (which carry the trace from one grain to the next).
    /// </summary>
    public static readonly string[] TraceSources =
    [
        ControlPlaneSource, GrainSpans.SourceName, ApplySpans.SourceName,
        Orleans.Diagnostics.ActivitySources.ApplicationGrainActivitySourceName, Orleans.Diagnostics.ActivitySources.RuntimeActivitySourceName,
    ];

    public static OpenTelemetry.OpenTelemetryBuilder AddControlPlaneTelemetry(this IServiceCollection services, TelemetryOptions options)
    {
        var endpoint = options.OtlpEndpoint;
        var builder = services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Meters).AddRuntimeInstrumentation();
                if (endpoint is not null)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = endpoint);
                }
            });
        if (endpoint is not null)
        {
            builder.WithTracing(tracing => tracing.AddControlPlaneSources().AddOtlpExporter(o => o.Endpoint = endpoint));
        }

        return builder;
    }

    /// <summary>Subscribes a tracer to <see cref="TraceSources"/> (an exporter is the caller's: OTLP here, in-memory in tests).</summary>
    public static TracerProviderBuilder AddControlPlaneSources(this TracerProviderBuilder tracing) => tracing.AddSource(TraceSources);
}
