using ControlPlane.Silo.Hosting;
using ControlPlane.Web.Ingestion;

namespace ControlPlane.Web.Telemetry.Gpus;

/// <summary>The per-GPU gauges' services: the readings ingestion feeds and the holder index that labels them.</summary>
internal static class GpuGaugeRegistration
{
    public static IServiceCollection AddGpuGauges(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<GpuGaugeOptions>(configuration, GpuGaugeOptions.Section);
        services.AddSingleton<GpuReadings>();
        services.AddSingleton<IAcceptedReportObserver>(sp => sp.GetRequiredService<GpuReadings>());
        services.AddHostedService<GpuHolders>();
        return services;
    }
}
