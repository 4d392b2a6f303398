using ControlPlane.ClusterAccess;

namespace ControlPlane.Silo.Hosting;

/// <summary>Mutual TLS on a silo's connections (silo to silo, client to gateway), as <see cref="ClusterClientTls"/> on a client.</summary>
public static class ClusterTls
{
    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, ClusterTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Enabled)
        {
            var certificates = ClusterCertificates.Load(options);
            silo.UseTls(certificates.Local, tls => certificates.Require(tls));
        }

        return silo;
    }
}
