using ControlPlane.Silo.Hosting;
using ControlPlane.Web.Ingestion;
using ControlPlane.Web.Portal.Actions;
using ControlPlane.Web.Portal.Cluster;
using ControlPlane.Web.Portal.Fleet;
using ControlPlane.Web.Portal.Telemetry;

namespace ControlPlane.Web.Portal;

/// <summary>The portal's services: one fleet snapshot and one GPU history per process, actions and facts per circuit.</summary>
internal static class PortalRegistration
{
    public static IServiceCollection AddPortal(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<PortalOptions>(configuration, PortalOptions.Section);
        services.AddSingleton<GpuTelemetryHistory>();
        services.AddValidatedOptions<GpuHistoryOptions>(configuration, GpuHistoryOptions.Section, GpuHistoryOptions.Problems);
        services.AddHttpClient<PrometheusGpuHistory>(c => c.Timeout = TimeSpan.FromSeconds(5));
        services.AddScoped<GpuHistoryReader>();
        services.AddSingleton<IAcceptedReportObserver>(sp => sp.GetRequiredService<GpuTelemetryHistory>());
        services.AddSingleton<LastSeenBoard>();
        services.AddSingleton<IAcceptedReportObserver>(sp => sp.GetRequiredService<LastSeenBoard>());
        services.AddSingleton<FleetSnapshotService>();
        services.AddHostedService(sp => sp.GetRequiredService<FleetSnapshotService>());
        services.AddScoped<PortalActions>();
        services.AddScoped<ClusterOverview>();
        return services;
    }
}
