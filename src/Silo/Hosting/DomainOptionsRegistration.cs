using ControlPlane.Grains.Audit;
using ControlPlane.Grains.Deployments;
using ControlPlane.Grains.Fleet;
using ControlPlane.Grains.Gpus;
using ControlPlane.Grains.Incidents;
using ControlPlane.Grains.Nodes;
using ControlPlane.Grains.Reservations;
using ControlPlane.Health;
using ControlPlane.Kubernetes;
using ControlPlane.Placement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Silo.Hosting;

/// <summary>The options the grains and the placement planner read, wherever they run (silo or web client).</summary>
public static class DomainOptionsRegistration
{
    public static IServiceCollection AddControlPlaneDomainOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<HealthOptions>(configuration, HealthOptions.Section);
        services.AddValidatedOptions<NodeOptions>(configuration, NodeOptions.Section);
        services.AddValidatedOptions<FleetOptions>(configuration, FleetOptions.Section);
        services.AddValidatedOptions<GpuIdentityOptions>(configuration, GpuIdentityOptions.Section);
        services.AddValidatedOptions<DeploymentOptions>(configuration, DeploymentOptions.Section, o => o.Problems());
        services.AddValidatedOptions<FailoverOptions>(configuration, FailoverOptions.Section);
        services.AddValidatedOptions<AuditOptions>(configuration, AuditOptions.Section);
        services.AddValidatedOptions<ReservationOptions>(configuration, ReservationOptions.Section);
        services.AddValidatedOptions<PlacementOptions>(configuration, PlacementOptions.Section);
        services.AddValidatedOptions<KubernetesOptions>(configuration, KubernetesOptions.Section, o => o.Problems())
            .Configure(o => o.Render = configuration.GetSection(KubernetesOptions.Section).Get<RenderOptions>() ?? new RenderOptions());
        return services;
    }
}
