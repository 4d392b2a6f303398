using ControlPlane.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Bench.Hosting;

/// <summary>
/// An Orleans client of a benchmark's Redis cluster (configured as a front end without a silo configures its client),
/// for benchmarks whose silos run in other processes and that read grains to check what they measured.
/// </summary>
public sealed class BenchClusterClient : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchClusterClient(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IClusterClient>();

    public static async Task<BenchClusterClient> StartAsync(string redis)
    {
        var builder = Host.CreateApplicationBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ControlPlane:Redis"] = redis,
            ["ControlPlane:Silo:ClusterId"] = BenchControlPlane.ClusterId,
            ["ControlPlane:Tls:AllowPlaintext"] = "true",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client.ConfigureControlPlane(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        return new BenchClusterClient(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
