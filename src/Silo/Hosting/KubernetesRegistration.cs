using ControlPlane.Kubernetes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Silo.Hosting;

public static class KubernetesRegistration
{
    /// <summary>Binds and validates <see cref="KubernetesOptions"/> and registers the <see cref="IManifestApplier"/> they call for.</summary>
    public static IServiceCollection AddControlPlaneKubernetes(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KubernetesOptions>()
            .Bind(configuration.GetSection(KubernetesOptions.Section))
            .Validate(o => !o.Problems().Any(), "ControlPlane:Kubernetes is invalid (see KubernetesOptions.Problems)")
            .ValidateOnStart();
        services.AddSingleton(sp => ManifestApplierFactory.Create(
            sp.GetRequiredService<IOptions<KubernetesOptions>>().Value, sp.GetRequiredService<ILogger<KubernetesApplier>>()));
        return services;
    }
}
