using ControlPlane.ClusterAccess;
using ControlPlane.Silo.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Silo.Hosting;

/// <summary>The options of every host process (standalone silo and web front end): the cluster and telemetry.</summary>
public static class HostOptionsRegistration
{
    public static IServiceCollection AddControlPlaneHostOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SiloOptions>(configuration, SiloOptions.Section, o => o.Problems());
        services.AddValidatedOptions<StorageOptions>(configuration, StorageOptions.Section).PostConfigure(o => o.FallBackTo(configuration));
        services.AddValidatedOptions<OutageOptions>(configuration, OutageOptions.Section, o => o.Problems());
        services.AddValidatedOptions<MembershipOptions>(configuration, MembershipOptions.Section);
        var clusterMode = !ClusterSettings.From(configuration).IsEmbedded;
        services.AddValidatedOptions<ClusterTlsOptions>(configuration, ClusterTlsOptions.Section, o => o.Problems(clusterMode));
        if (clusterMode)
        {
            services.AddHostedService<PlaintextClusterWarning>();
        }

        services.AddValidatedOptions<TelemetryOptions>(configuration, TelemetryOptions.Section).PostConfigure(o => o.FallBackTo(configuration));
        return services;
    }
}
