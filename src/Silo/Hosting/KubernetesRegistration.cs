using ControlPlane.Kubernetes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Silo.Hosting;

internal static class KubernetesRegistration
{
    /// <summary>Registers the <see cref="IManifestApplier"/> that <see cref="KubernetesOptions"/> (bound by <see cref="DomainOptionsRegistration"/>) call for.</summary>
    public static IServiceCollection AddControlPlaneKubernetes(this IServiceCollection services)
    {
        services.AddSingleton(sp => ManifestApplierFactory.Create(
            sp.GetRequiredService<IOptions<KubernetesOptions>>().Value, sp.GetRequiredService<ILogger<KubernetesApplier>>()));
        return services;
    }
}
