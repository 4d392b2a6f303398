using Orleans.Connections.Security;

namespace ControlPlane.Silo.Hosting;

/// <summary>
/// Mutual TLS on every Orleans connection (silo to silo, client to gateway) when <see cref="ClusterTlsOptions"/> names
/// certificates: each side presents its certificate and accepts only a peer the cluster's CA issued. Without it anyone who
/// reaches a silo or gateway port can call any grain.
/// </summary>
public static class ClusterTls
{
    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, ClusterTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Enabled)
        {
            var certificates = ClusterCertificates.Load(options);
            silo.UseTls(certificates.Local, tls => Require(tls, certificates));
        }

        return silo;
    }

    public static IClientBuilder UseClusterTls(this IClientBuilder client, ClusterTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Enabled)
        {
            var certificates = ClusterCertificates.Load(options);
            client.UseTls(certificates.Local, tls => Require(tls, certificates));
        }

        return client;
    }

    private static void Require(TlsOptions tls, ClusterCertificates certificates)
    {
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.RemoteCertificateValidation = certificates.IsTrusted;
    }
}
