using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Kubernetes;

/// <summary>
/// The applier the options call for: <see cref="KubernetesApplier"/> when a kubeconfig or in-cluster
/// credentials are configured, <see cref="PlanOnlyApplier"/> otherwise.
/// </summary>
public static class ManifestApplierFactory
{
    public static IManifestApplier Create(KubernetesOptions options, ILogger<KubernetesApplier> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.PlanOnly
            ? new PlanOnlyApplier()
            : new KubernetesApplier(new k8s.Kubernetes(ClientConfiguration(options)), Options.Create(options), logger);
    }

    public static KubernetesClientConfiguration ClientConfiguration(KubernetesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.InCluster
            ? KubernetesClientConfiguration.InClusterConfig()
            : KubernetesClientConfiguration.BuildConfigFromConfigFile(options.Kubeconfig, options.Context);
    }
}
