namespace ControlPlane.Silo.Hosting;

/// <summary>
/// <c>ControlPlane:Redis</c>: the Redis connection string of a cluster. Unset means embedded mode
/// (localhost clustering, in-memory grain state).
/// </summary>
internal sealed class StorageOptions
{
    /// <summary>The key sits directly under <c>ControlPlane</c>, so this binds that section (and reads only <see cref="Redis"/>).</summary>
    public const string Section = "ControlPlane";

    /// <summary>Environment variable read when <c>ControlPlane:Redis</c> is not set (a shorter spelling for containers).</summary>
    public const string RedisEnvironmentVariable = "CONTROLPLANE_REDIS";

    public string? Redis { get; set; }

    /// <summary>Applies the <see cref="RedisEnvironmentVariable"/> fallback.</summary>
    internal void FallBackTo(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(Redis))
        {
            Redis = configuration[RedisEnvironmentVariable];
        }
    }
}
