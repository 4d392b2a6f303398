namespace ControlPlane.Testing;

/// <summary>
/// The mutual TLS every cluster-mode test runs with (a cluster is closed by default): one throwaway CA and certificate per
/// test process, shared by its silos, front ends and clients, deleted when the process exits.
/// </summary>
public static class TestClusterTls
{
    private static readonly Lazy<ThrowawayCertificates> Certificates = new(() =>
    {
        var certificates = ThrowawayCertificates.Create("test-cluster");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => certificates.Dispose();
        return certificates;
    });

    /// <summary>The <c>ControlPlane:Tls</c> keys, as configuration.</summary>
    public static Dictionary<string, string?> Settings => Certificates.Value.Settings;

    /// <summary>The same keys as command-line arguments (<c>--ControlPlane:Tls:CertificatePath=…</c>).</summary>
    public static string[] Arguments => [.. Settings.Select(s => $"--{s.Key}={s.Value}")];
}
