using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ControlPlane.Testing;

/// <summary>
/// A throwaway CA and a certificate it issued (server and client authentication), written as PEM files to a temporary
/// folder that is deleted on dispose: the files <c>ControlPlane:Tls</c> names. Nothing is kept or committed.
/// </summary>
public sealed class ThrowawayCertificates : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("cp-tls-").FullName;

    private ThrowawayCertificates(string name)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={name} CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name} silo", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false)); // server and client authentication
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var issued = request.Create(ca, now.AddMinutes(-5), now.AddHours(1), RandomNumberGenerator.GetBytes(16));

        File.WriteAllText(CaPath, ca.ExportCertificatePem());
        File.WriteAllText(CertificatePath, issued.ExportCertificatePem());
        File.WriteAllText(KeyPath, key.ExportPkcs8PrivateKeyPem());
    }

    public string CertificatePath => Path.Combine(folder, "tls.crt");

    public string KeyPath => Path.Combine(folder, "tls.key");

    public string CaPath => Path.Combine(folder, "ca.crt");

    /// <summary>The <c>ControlPlane:Tls</c> keys that point at these files.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["ControlPlane:Tls:CertificatePath"] = CertificatePath,
        ["ControlPlane:Tls:KeyPath"] = KeyPath,
        ["ControlPlane:Tls:CaPath"] = CaPath,
    };

    public static ThrowawayCertificates Create(string name) => new(name);

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
