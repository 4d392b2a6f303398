using System.ComponentModel.DataAnnotations;
using System.Net;

namespace ControlPlane.Silo.Hosting;

/// <summary><c>ControlPlane:Silo</c>: the cluster's identity and this silo's endpoints.</summary>
public sealed class SiloOptions
{
    public const string Section = "ControlPlane:Silo";

    [Required]
    public string ClusterId { get; set; } = "controlplane";

    [Required]
    public string ServiceId { get; set; } = "controlplane";

    /// <summary>Silo-to-silo port.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 11111;

    /// <summary>Port Orleans clients (web front ends without a silo) connect to.</summary>
    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Address other silos reach this one at (cluster mode).</summary>
    [Required]
    public string AdvertisedIp { get; set; } = "127.0.0.1";

    internal IEnumerable<string> Problems()
    {
        if (!IPAddress.TryParse(AdvertisedIp, out _))
        {
            yield return $"{Section}:{nameof(AdvertisedIp)}: '{AdvertisedIp}' is not an IP address.";
        }

        if (Port == GatewayPort)
        {
            yield return $"{Section}:{nameof(GatewayPort)}: must differ from {nameof(Port)} ({Port}).";
        }
    }
}
