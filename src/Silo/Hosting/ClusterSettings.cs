using Microsoft.Extensions.Configuration;

namespace ControlPlane.Silo.Hosting;

/// <summary>
/// Where the cluster lives, read before the container exists (Orleans clustering is chosen while
/// services are registered). No Redis connection string: embedded mode (localhost clustering,
/// in-memory storage, nothing survives the process). With one: Redis clustering and Redis storage.
/// The same values are registered and validated at start by <see cref="HostOptionsRegistration"/>.
/// </summary>
public sealed record ClusterSettings(SiloOptions Silo, string? Redis)
{
    public string ClusterId => Silo.ClusterId;

    public bool IsEmbedded => string.IsNullOrWhiteSpace(Redis);

    public static ClusterSettings From(IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        storage.FallBackTo(configuration);
        return new ClusterSettings(configuration.GetSection(SiloOptions.Section).Get<SiloOptions>() ?? new SiloOptions(), storage.Redis);
    }
}
