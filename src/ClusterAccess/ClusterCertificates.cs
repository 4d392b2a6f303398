using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace ControlPlane.ClusterAccess;

/// <summary>
/// This process's certificate (with its key) and the cluster's CA, read from the PEM files <see cref="ClusterTlsOptions"/>
/// names. A peer is accepted when its certificate chains to that CA and to nothing else: the system's trust store plays no
/// part, and the peer's name does not either (silos reach each other by pod IP, which no certificate names).
/// </summary>
public sealed class ClusterCertificates
{
    private readonly X509Certificate2Collection authorities;

    private ClusterCertificates(X509Certificate2 local, X509Certificate2Collection authorities)
    {
        Local = local;
        this.authorities = authorities;
    }

    public X509Certificate2 Local { get; }

    public static ClusterCertificates Load(ClusterTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var local = X509Certificate2.CreateFromPemFile(options.CertificatePath!, options.KeyPath!);
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(options.CaPath!);
        if (authorities.Count == 0)
        {
            throw new InvalidOperationException($"{ClusterTlsOptions.Section}:{nameof(ClusterTlsOptions.CaPath)}: '{options.CaPath}' holds no certificate.");
        }

        return new ClusterCertificates(local, authorities);
    }

    /// <summary>Both sides present a certificate, and only one the cluster's CA issued is accepted.</summary>
    public void Require(TlsOptions tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.RemoteCertificateValidation = IsTrusted;
    }

    /// <summary>Whether <paramref name="peer"/> was issued by the cluster's CA (the chain the TLS stack built is ignored).</summary>
    public bool IsTrusted(X509Certificate2? peer, X509Chain? chain, SslPolicyErrors errors)
    {
        if (peer is null)
        {
            return false;
        }

        using var own = new X509Chain();
        own.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        own.ChainPolicy.CustomTrustStore.AddRange(authorities);
        own.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        own.ChainPolicy.DisableCertificateDownloads = true;
        return own.Build(peer);
    }
}
