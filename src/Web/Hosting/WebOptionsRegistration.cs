using ControlPlane.Health;
using ControlPlane.Silo.Hosting;
using ControlPlane.Web.Apis;
using ControlPlane.Web.Auth;
using ControlPlane.Web.Simulation;

namespace ControlPlane.Web.Hosting;

/// <summary>The options only a web front end reads; the cluster's and the grains' are registered by the Silo project.</summary>
internal static class WebOptionsRegistration
{
    public static IServiceCollection AddControlPlaneWebOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<WebOptions>(configuration, WebOptions.Section);
        services.AddValidatedOptions<AuthOptions>(configuration, AuthOptions.Section);
        services.AddValidatedOptions<IngestionOptions>(configuration, IngestionOptions.Section);
        services.AddValidatedOptions<DiagnoseOptions>(configuration, DiagnoseOptions.Section);
        services.AddValidatedOptions<SimulatorOptions>(configuration, SimulatorOptions.Section);
        services.AddValidatedOptions<ImbalanceOptions>(configuration, ImbalanceOptions.Section);
        return services;
    }
}
