using ControlPlane.Testing;
using ControlPlane.Web.Tests.Hosting.Chaos;

namespace ControlPlane.Web.Tests.Hosting;

/// <summary>
/// A cluster is closed by default: a silo or web front end in cluster mode without mutual TLS refuses to start (exit 2,
/// naming the keys), unless the development switch says otherwise, which every start then logs as a warning.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class ClosedClusterTests(RedisServer redis)
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(90);

    [Theory(Timeout = 120_000)]
    [InlineData("Silo")]
    [InlineData("Web")]
    public async Task Cluster_mode_without_TLS_refuses_to_start_with_exit_2_naming_the_keys(string program)
    {
        var (exit, _, stderr) = await ProgramProcess.RunAsync(
            program == "Silo" ? BuiltProgram.Silo : BuiltProgram.Web, ProcessTimeout,
            "--urls=http://127.0.0.1:0", $"--ControlPlane:Redis={redis.ConnectionString}", $"--ControlPlane:Silo:ClusterId=closed-{Guid.NewGuid():N}",
            $"--ControlPlane:Silo:Port={FreePorts.Next()}", $"--ControlPlane:Silo:GatewayPort={FreePorts.Next()}",
            "--ControlPlane:Auth:TokenSecret=test-token-secret-0123456789abcdef", "--ControlPlane:Simulator:Enabled=false");

        Assert.Equal(2, exit);
        Assert.Contains("ControlPlane:Tls: a cluster needs mutual TLS: set ControlPlane:Tls:CertificatePath, KeyPath and CaPath", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_silo_allowed_plaintext_starts_and_says_so_as_a_warning()
    {
        using var open = await SiloProcess.StartAsync(redis.ConnectionString, $"open-{Guid.NewGuid():N}", new Dictionary<string, string>
        {
            ["ControlPlane:Tls:CertificatePath"] = "",
            ["ControlPlane:Tls:KeyPath"] = "",
            ["ControlPlane:Tls:CaPath"] = "",
            ["ControlPlane:Tls:AllowPlaintext"] = "true",
        });

        Assert.Contains("ControlPlane:Tls:AllowPlaintext=true: the cluster's connections are plain TCP", open.Output, StringComparison.Ordinal);
    }
}
