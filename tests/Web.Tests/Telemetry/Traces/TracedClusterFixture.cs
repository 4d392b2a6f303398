using ControlPlane.Silo.Telemetry;
using ControlPlane.Web.Tests.Apis;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace ControlPlane.Web.Tests.Telemetry.Traces;

/// <summary>
/// The control plane against the fake API server with tracing on as the product turns it on (the control plane's
/// sources, ASP.NET Core's server spans), exported to OpenTelemetry's in-memory exporter instead of OTLP.
/// </summary>
public sealed class TracedClusterFixture : DeploymentClusterFixture
{
    public SpanCollection Spans { get; } = new();

    /// <summary>Grain calls may wait 30 s (not 5): the first PUT of a fresh process JITs a lot on shared cores, and a 504 there tests nothing here.</summary>
    protected override string[] Trigger => [.. base.Trigger, "--ControlPlane:Outages:ResponseTimeout=00:00:30"];

    protected override void Configure(WebApplicationBuilder builder) =>
        builder.Services.AddOpenTelemetry().WithTracing(t => t.AddControlPlaneSources().AddAspNetCoreInstrumentation().AddInMemoryExporter(Spans));
}
