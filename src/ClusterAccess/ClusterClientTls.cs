namespace ControlPlane.ClusterAccess;

/// <summary>
/// Mutual TLS on every Orleans connection when <see cref="ClusterTlsOptions"/> names certificates: each side presents its
/// certificate and accepts only a peer the cluster's CA issued. Without it anyone who reaches a silo or gateway port can
/// call any grain.
/// </summary>
public static class ClusterClientTls
{
    /// <summary>For an Orleans client (a web front end without a silo, an internal service).</summary>
    public static IClientBuilder UseClusterTls(this IClientBuilder client, ClusterTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Enabled)
        {
            var certificates = ClusterCertificates.Load(options);
            client.UseTls(certificates.Local, tls => certificates.Require(tls));
        }

        return client;
    }
}
