using ControlPlane.Silo.Hosting;
using ControlPlane.Silo.Telemetry;
using ControlPlane.Simulation;
using ControlPlane.Web.Apis;
using ControlPlane.Web.Apis.Problems;
using ControlPlane.Web.Audit;
using ControlPlane.Web.Auth;
using ControlPlane.Web.Pods;
using ControlPlane.Web.Portal;
using ControlPlane.Web.Portal.Export;
using ControlPlane.Web.Portal.NotFound;
using ControlPlane.Web.Ingestion;
using ControlPlane.Web.Simulation;
using ControlPlane.Web.Telemetry;
using ControlPlane.Web.Telemetry.Gpus;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ControlPlane.Web.Hosting;

/// <summary>
/// Builds the web front end: REST API, portal and (by default) a co-hosted silo. <c>Program</c>,
/// the tests and the benchmarks all start the control plane through here, so they run the same thing.
/// </summary>
internal static class ControlPlaneApp
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(ControlPlaneApp).Assembly.GetName().Name });
        if (string.IsNullOrEmpty(builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey)))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // Outside Development the host does not load the build's static web assets manifest, so a
        // build-output run (dotnet run, the tests) answered _framework/blazor.web.js and the MudBlazor
        // CSS/JS with empty 200s. The manifest exists only in build output (publish serves wwwroot),
        // so this is a no-op for a published app.
        builder.WebHost.UseStaticWebAssets();
        configure?.Invoke(builder);
        var cluster = ClusterSettings.From(builder.Configuration);
        var web = builder.Configuration.GetSection(WebOptions.Section).Get<WebOptions>() ?? new WebOptions();
        builder.Services.AddControlPlaneHostOptions(builder.Configuration);
        builder.Services.AddControlPlaneWebOptions(builder.Configuration);
        if (web.HostSilo)
        {
            builder.UseOrleans(silo => silo.ConfigureControlPlane(builder.Configuration));
        }
        else
        {
            builder.UseOrleansClient(client => client.ConfigureControlPlane(builder.Configuration));
            builder.Services.AddControlPlaneDomain(builder.Configuration);
        }

        builder.Services.AddSingleton<ProbeIngestion>();
        builder.Services.AddSingleton<AuditTrail>();
        builder.Services.AddSingleton<DeploymentPods>();
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemDetailDefaults.Fill);
        builder.Services.AddExceptionHandler<InvalidInputExceptionHandler>();
        builder.Services.AddExceptionHandler<ClusterUnavailableExceptionHandler>();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        builder.Services.AddControlPlaneAuth(builder.Configuration);
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddMudServices();
        builder.Services.AddPortal(builder.Configuration);
        builder.Services.AddHostedService<FleetHealthGauges>();
        builder.Services.AddHostedService<ServingGauges>();
        builder.Services.AddHostedService<ImbalanceWatch>();
        builder.Services.AddGpuGauges(builder.Configuration);

        var telemetryOptions = TelemetryOptions.From(builder.Configuration);
        builder.Services.AddHostedService<OperationsGauges>();
        var prometheus = telemetryOptions.Prometheus;
        var telemetry = builder.Services.AddControlPlaneTelemetry(telemetryOptions)
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation().AddGpuGaugeLimits(GpuGaugeOptions.From(builder.Configuration));
                if (prometheus)
                {
                    m.AddPrometheusExporter();
                }
            });
        if (telemetryOptions.ExportsOtlp)
        {
            telemetry.WithTracing(t => t.AddAspNetCoreInstrumentation());
        }

        var simulator = builder.Configuration.GetSection(SimulatorOptions.Section).Get<SimulatorOptions>() ?? new SimulatorOptions();
        var simulate = simulator.Enabled ?? cluster.IsEmbedded;
        if (simulate)
        {
            builder.Services.AddSingleton(sp =>
            {
                var options = sp.GetRequiredService<IOptions<SimulatorOptions>>().Value;
                return new SimulatedFleet(options.Nodes, options.Gb200Racks);
            });
            builder.Services.AddHostedService<SimulatedFleetService>();
        }

        var app = builder.Build();
        app.UseRetryAfterOnUnavailable();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UsePortalNotFound();
        app.UseRouting();
        app.UseAudit();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapGet("/healthz", () => TypedResults.Ok("ok")).AllowAnonymous().WithName("Health").ExcludeFromDescription();
        app.MapOpenApi("/openapi/{documentName}.json").RequireAuthorization(Policies.Read);
        app.MapNodesApi().MapGpusApi().MapFleetApi().MapDiagnoseApi().MapDeploymentsApi().MapDeploymentEndpointsApi().MapIncidentsApi().MapSignalsApi().MapReservationsApi().MapAuditApi().MapImbalanceApi().MapPodsApi();
        if (simulate)
        {
            app.MapSimulatorApi();
        }

        if (prometheus)
        {
            app.MapPrometheusScrapingEndpoint().RequireAuthorization(Policies.Read);
        }

        app.MapPortalLogin();
        app.MapPortalExports();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

        StartupBanner.PrintWhenStarted(app, cluster, simulate ? simulator.Nodes : 0);
        return app;
    }
}
