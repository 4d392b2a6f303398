using ControlPlane.ClusterAccess;
using Microsoft.Extensions.Configuration;

namespace ControlPlane.Silo.Hosting;

/// <summary>
/// Where the cluster lives, read before the container exists (Orleans clustering is chosen while
/// services are registered). No Redis connection string: embedded mode (localhost clustering,
/// in-memory storage, nothing survives the process). With one: Redis clustering and Redis storage.
/// The same values are registered and validated at start by <see cref="HostOptionsRegistration"/>.
/// </summary>
public sealed record ClusterSettings(SiloOptions Silo, string? Redis, OutageOptions Outages, MembershipOptions Membership, ClusterTlsOptions Tls)
{
    public string ClusterId => Silo.ClusterId;

    public bool IsEmbedded => string.IsNullOrWhiteSpace(Redis);

    public static ClusterSettings From(IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        storage.FallBackTo(configuration);
        return new ClusterSettings(
            Section<SiloOptions>(configuration, SiloOptions.Section),
            storage.Redis,
            Section<OutageOptions>(configuration, OutageOptions.Section),
            Section<MembershipOptions>(configuration, MembershipOptions.Section),
            Section<ClusterTlsOptions>(configuration, ClusterTlsOptions.Section));
    }

    /// <summary>The Redis options of this cluster (its connection string, timeouts and TLS); only in cluster mode.</summary>
    public StackExchange.Redis.ConfigurationOptions RedisOptions() =>
        RedisConnection.Options(Redis ?? throw new InvalidOperationException("Embedded mode has no Redis."), Outages, Tls);

    private static T Section<T>(IConfiguration configuration, string section)
        where T : new() => configuration.GetSection(section).Get<T>() ?? new T();
}
