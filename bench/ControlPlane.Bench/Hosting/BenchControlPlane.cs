using System.Net;
using System.Net.Http.Headers;
using ControlPlane.Simulation;
using ControlPlane.Web.Hosting;
using ControlPlane.Web.Ingestion;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Bench.Hosting;

/// <summary>
/// One control-plane process as <c>dotnet run --project src/Web</c> starts it (Kestrel on a free 127.0.0.1 port,
/// a co-hosted silo), in this process: embedded (in-memory) or a silo of a Redis cluster.
/// </summary>
public sealed class BenchControlPlane : IAsyncDisposable
{
    public const string AdminKey = "bench-admin-key-0123456789abcdef";

    /// <summary>Cluster mode refuses to start without a shared token secret: every front end of one run gets this one.</summary>
    public const string TokenSecret = "bench-token-secret-0123456789abcdef0123456789";

    public const string ClusterId = "bench";

    private bool _stopped;

    private BenchControlPlane(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public IServiceProvider Services => App.Services;

    public IGrainFactory Grains => App.Services.GetRequiredService<IGrainFactory>();

    public static async Task<BenchControlPlane> StartAsync(string? redis = null, params string[] settings)
    {
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--CONTROLPLANE_ADMIN_KEY={AdminKey}",
            "--ControlPlane:Simulator:Enabled=false",
            $"--ControlPlane:Silo:Port={FreePort()}",
            $"--ControlPlane:Silo:GatewayPort={FreePort()}",
            .. redis is null ? Array.Empty<string>() : [$"--ControlPlane:Redis={redis}", $"--ControlPlane:Auth:TokenSecret={TokenSecret}", $"--ControlPlane:Silo:ClusterId={ClusterId}",
                // Loopback only, in one process: TLS would measure the handshake, not the control plane (logged as a warning).
                "--ControlPlane:Tls:AllowPlaintext=true"],
            .. settings,
        ];
        var app = ControlPlaneApp.Build(args, builder => builder.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchControlPlane(app, new Uri(address));
    }

    /// <summary>An admin client of this front end with at most <paramref name="connections"/> connections.</summary>
    public HttpClient Client(int connections) => ClientOf(Address, connections);

    /// <summary>An admin client of the front end at <paramref name="address"/> with at most <paramref name="connections"/> connections.</summary>
    public static HttpClient ClientOf(Uri address, int connections)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        var http = new HttpClient(handler, disposeHandler: true) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return http;
    }

    /// <summary>Every node of the fleet reports once through the ingestion path (no HTTP: registration is not what is measured).</summary>
    public async Task RegisterAsync(SimulatedFleet fleet, int concurrency, long sequence = 1)
    {
        var ingestion = Services.GetRequiredService<ProbeIngestion>();
        var now = DateTimeOffset.UtcNow;
        var random = new Random(42);
        var reports = fleet.Nodes.Select(n => n.NextReport(now, random) with { Sequence = sequence }).ToArray();
        await Parallel.ForEachAsync(reports, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (r, _) => await ingestion.IngestAsync(r.Node, r));
    }

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await App.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await App.DisposeAsync();
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
