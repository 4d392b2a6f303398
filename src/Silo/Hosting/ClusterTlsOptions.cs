namespace ControlPlane.Silo.Hosting;

/// <summary>
/// <c>ControlPlane:Tls</c> (env <c>ControlPlane__Tls__CertificatePath</c> …): PEM files of this process's certificate,
/// its private key and the cluster's CA. Set, silo-to-silo and client-to-gateway connections are mutual TLS: both sides
/// present a certificate and accept only one the CA issued. Unset, Orleans connections are plain TCP.
/// </summary>
public sealed class ClusterTlsOptions
{
    public const string Section = "ControlPlane:Tls";

    public string? CertificatePath { get; set; }

    public string? KeyPath { get; set; }

    public string? CaPath { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath) || !string.IsNullOrWhiteSpace(KeyPath) || !string.IsNullOrWhiteSpace(CaPath);

    internal IEnumerable<string> Problems()
    {
        if (!Enabled)
        {
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
}
