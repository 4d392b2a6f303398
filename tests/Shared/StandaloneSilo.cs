using ControlPlane.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace ControlPlane.Testing;

/// <summary>
/// A silo of a Redis-backed cluster, started in-process the way <c>src/Silo/Program.cs</c> starts
/// one: a generic host with <see cref="SiloConfiguration.ConfigureControlPlane(ISiloBuilder, IConfiguration)"/>.
/// </summary>
public sealed class StandaloneSilo : IAsyncDisposable
{
    private bool _stopped;

    private StandaloneSilo(IHost host, int gatewayPort)
    {
        Host = host;
        GatewayPort = gatewayPort;
    }

    public IHost Host { get; }

    public int GatewayPort { get; }

    public IGrainFactory Grains => Host.Services.GetRequiredService<IGrainFactory>();

    public SiloAddress Address => Host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;

    /// <summary>
    /// Starts a silo of <paramref name="clusterId"/> with the test process's mutual TLS (<see cref="TestClusterTls"/>);
    /// <paramref name="settings"/> add or override configuration keys (another <c>ControlPlane:Tls:CaPath</c>…).
    /// </summary>
    public static async Task<StandaloneSilo> StartAsync(string redis, string clusterId, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var gatewayPort = FreePorts.Next();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ControlPlane:Redis"] = redis,
            ["ControlPlane:Silo:ClusterId"] = clusterId,
            ["ControlPlane:Silo:Port"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ControlPlane:Silo:GatewayPort"] = gatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Configuration.AddInMemoryCollection(TestClusterTls.Settings);
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.ConfigureControlPlane(builder.Configuration);
            silo.Configure<ClusterMembershipOptions>(ShortTimeouts);
        });

        var host = builder.Build();
        await host.StartAsync();
        return new StandaloneSilo(host, gatewayPort);
    }

    /// <summary>Fast enough that a test never waits on a defaults-sized membership timeout.</summary>
    public static void ShortTimeouts(ClusterMembershipOptions o)
    {
        o.ProbeTimeout = TimeSpan.FromSeconds(1);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
        o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        o.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(5);
        o.MaxJoinAttemptTime = TimeSpan.FromSeconds(20);
    }

    /// <summary>A graceful shutdown: the silo leaves the membership table and its activations deactivate.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Host.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Host.Dispose();
    }
}
