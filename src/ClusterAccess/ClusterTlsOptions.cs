namespace ControlPlane.ClusterAccess;

/// <summary>
/// <c>ControlPlane:Tls</c> (env <c>ControlPlane__Tls__CertificatePath</c> …): PEM files of this process's certificate,
/// its private key and the cluster's CA. Set, silo-to-silo and client-to-gateway connections are mutual TLS: both sides
/// present a certificate and accept only one the CA issued. A cluster is closed by default: in cluster mode a process
/// without them refuses to start, unless <see cref="AllowPlaintext"/> says, for development, that anyone who reaches a
/// silo or gateway port may call any grain (it is logged as a warning at every start).
/// </summary>
public sealed class ClusterTlsOptions
{
    public const string Section = "ControlPlane:Tls";

    public string? CertificatePath { get; set; }

    public string? KeyPath { get; set; }

    public string? CaPath { get; set; }

    /// <summary>Development only: join or run a cluster over plain TCP, with no certificate asked of anyone.</summary>
    public bool AllowPlaintext { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath) || !string.IsNullOrWhiteSpace(KeyPath) || !string.IsNullOrWhiteSpace(CaPath);

    /// <summary>Cluster mode over plain TCP, as <see cref="AllowPlaintext"/> allows: worth a warning at every start.</summary>
    public bool Plaintext => !Enabled;

    /// <summary>What stops a process from starting; <paramref name="clusterMode"/>: it joins a cluster (Redis), not embedded.</summary>
    public IEnumerable<string> Problems(bool clusterMode)
    {
        if (!Enabled)
        {
            if (clusterMode && !AllowPlaintext)
            {
                yield return $"{Section}: a cluster needs mutual TLS: set {Section}:{nameof(CertificatePath)}, {nameof(KeyPath)} and {nameof(CaPath)} " +
                    $"(docs/operations.md says how to make a development CA), or {Section}:{nameof(AllowPlaintext)}=true for development only.";
            }

            yield break;
        }

        foreach (var (key, path) in new[] { (nameof(CertificatePath), CertificatePath), (nameof(KeyPath), KeyPath), (nameof(CaPath), CaPath) })
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                yield return $"{Section}:{key}: required when any of CertificatePath, KeyPath, CaPath is set.";
            }
            else if (!File.Exists(path))
            {
                yield return $"{Section}:{key}: '{path}' does not exist.";
            }
        }
    }

    /// <summary>The warning every process that runs a cluster over plain TCP logs at start.</summary>
    public const string PlaintextWarning =
        "ControlPlane:Tls:AllowPlaintext=true: the cluster's connections are plain TCP and ask no certificate; anyone who reaches " +
        "a silo or gateway port can call any grain (take GPUs, release reservations). Development only.";
}
