using ControlPlane.Contracts.Nodes;
using ControlPlane.Silo.Hosting;
using ControlPlane.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Silo.Tests.Hosting;

/// <summary>
/// A silo configured with <c>ControlPlane:Tls</c> accepts Orleans connections only from a peer whose certificate its CA
/// issued: a client without a certificate, or with one from another CA, cannot call a grain; one with it can.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class ClusterTlsTests(RedisServer redis)
{
    [Fact(Timeout = 120_000)]
    public async Task Only_a_client_with_a_certificate_from_the_cluster_CA_can_call_a_grain()
    {
        using var cluster = ThrowawayCertificates.Create("cluster");
        using var stranger = ThrowawayCertificates.Create("stranger");
        var clusterId = $"tls-{Guid.NewGuid():N}";
        var node = $"tls-{Guid.NewGuid():N}"[..20];
        await using var silo = await StandaloneSilo.StartAsync(redis.ConnectionString, clusterId, cluster.Settings);
        await silo.Grains.GetGrain<INodeGrain>(node).ReportAsync(Reports.Steady(node, 3));

        var plain = await CallAsync(clusterId, node, new Dictionary<string, string?> { ["ControlPlane:Tls:AllowPlaintext"] = "true" });
        var otherCa = await CallAsync(clusterId, node, stranger.Settings);
        var trusted = await CallAsync(clusterId, node, cluster.Settings);

        // Refused handshakes: the client's start either gives up (no gateway) or is still retrying when its time is up.
        Assert.True(plain.Error is OrleansException or OperationCanceledException, $"a client without a certificate: {plain.Error}");
        Assert.True(otherCa.Error is OrleansException or OperationCanceledException, $"a client with another CA's certificate: {otherCa.Error}");
        Assert.Null(trusted.Error);
        Assert.Equal(3, trusted.Sequence);
    }

    /// <summary>Starts an Orleans client configured as a web front end is, and reads the node; the failure, if any.</summary>
    private async Task<(Exception? Error, long? Sequence)> CallAsync(string clusterId, string node, Dictionary<string, string?> tls)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ControlPlane:Redis"] = redis.ConnectionString,
            ["ControlPlane:Silo:ClusterId"] = clusterId,
        });
        builder.Configuration.AddInMemoryCollection(tls);
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.UseOrleansClient(client => client.ConfigureControlPlane(builder.Configuration));
        using var host = builder.Build();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await host.StartAsync(timeout.Token);
            var view = await host.Services.GetRequiredService<IClusterClient>().GetGrain<INodeGrain>(node).GetAsync();
            return (null, view?.Sequence);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or OperationCanceledException)
        {
            return (e, null);
        }
        finally
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await host.StopAsync(stopping.Token);
        }
    }
}
