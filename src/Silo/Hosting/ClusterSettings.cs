using Microsoft.Extensions.Configuration;

namespace ControlPlane.Silo.Hosting;

/// <summary>
/// Where the cluster lives. No Redis connection string: embedded mode (localhost clustering,
/// in-memory storage, nothing survives the process). With one: Redis clustering and Redis storage.
/// </summary>
public sealed record ClusterSettings
{
    public string? Redis { get; init; }
    public string ClusterId { get; init; } = "controlplane";
    public string ServiceId { get; init; } = "controlplane";
    public int SiloPort { get; init; } = 11111;
    public int GatewayPort { get; init; } = 30000;
    public string AdvertisedIp { get; init; } = "127.0.0.1";

    public bool IsEmbedded => string.IsNullOrWhiteSpace(Redis);

    /// <summary>Reads <c>ControlPlane:Redis</c> (or <c>CONTROLPLANE_REDIS</c>) and <c>ControlPlane:Silo:*</c>.</summary>
    public static ClusterSettings From(IConfiguration configuration)
    {
        var silo = configuration.GetSection("ControlPlane:Silo");
        return new ClusterSettings
        {
            Redis = configuration["ControlPlane:Redis"] is { Length: > 0 } r ? r : configuration["CONTROLPLANE_REDIS"],
            ClusterId = silo["ClusterId"] ?? "controlplane",
            ServiceId = silo["ServiceId"] ?? "controlplane",
            SiloPort = silo.GetValue("Port", 11111),
            GatewayPort = silo.GetValue("GatewayPort", 30000),
            AdvertisedIp = silo["AdvertisedIp"] ?? "127.0.0.1",
        };
    }
}
