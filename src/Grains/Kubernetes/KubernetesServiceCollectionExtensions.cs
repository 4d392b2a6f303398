using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Grains.Kubernetes;

public static class KubernetesServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="KubernetesOptions"/> and registers <see cref="IManifestApplier"/>: <see cref="KubernetesApplier"/>
    /// when a kubeconfig or in-cluster credentials are configured, <see cref="PlanOnlyApplier"/> otherwise.
    /// </summary>
    public static IServiceCollection AddControlPlaneKubernetes(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KubernetesOptions>()
            .Bind(configuration.GetSection(KubernetesOptions.Section))
            .Validate(o => !o.Problems().Any(), "ControlPlane:Kubernetes is invalid (see KubernetesOptions.Problems)")
            .ValidateOnStart();
        services.AddSingleton<IManifestApplier>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<KubernetesOptions>>();
            if (options.Value.PlanOnly)
            {
                return new PlanOnlyApplier();
            }

            return new KubernetesApplier(new k8s.Kubernetes(ClientConfiguration(options.Value)), options, sp.GetRequiredService<ILogger<KubernetesApplier>>());
        });
        return services;
    }

    public static KubernetesClientConfiguration ClientConfiguration(KubernetesOptions options) => options.InCluster
        ? KubernetesClientConfiguration.InClusterConfig()
        : KubernetesClientConfiguration.BuildConfigFromConfigFile(options.Kubeconfig, options.Context);
}
