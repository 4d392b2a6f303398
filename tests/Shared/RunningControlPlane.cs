using System.Net.Http.Headers;
using System.Net.Http.Json;
using ControlPlane.Web.Hosting;
using ControlPlane.Web.Apis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Testing;

/// <summary>
/// The real control plane (Kestrel on a loopback port, co-hosted silo, the full pipeline) started
/// in-process the same way <c>dotnet run --project src/Web</c> starts it.
/// </summary>
public sealed class RunningControlPlane : IAsyncDisposable
{
    public const string AdminKey = "test-admin-key-0123456789abcdef";

    private RunningControlPlane(WebApplication app, Uri baseAddress, ShiftedClock clock)
    {
        App = app;
        BaseAddress = baseAddress;
        Clock = clock;
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public IGrainFactory Grains => App.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The clock every grain and service of this control plane reads: advance it to wait out a grace period.</summary>
    public ShiftedClock Clock { get; }

    public static Task<RunningControlPlane> StartAsync(params string[] settings) => StartAsync(configure: null, settings);

    /// <param name="configure">Services the test adds to the host (an in-memory trace exporter), after the product's own.</param>
    public static async Task<RunningControlPlane> StartAsync(Action<WebApplicationBuilder>? configure, params string[] settings)
    {
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--ControlPlane:Silo:Port={FreePorts.Next()}",
            $"--ControlPlane:Silo:GatewayPort={FreePorts.Next()}",
            $"--ControlPlane:Silo:ClusterId=test-{Guid.NewGuid():N}",
            $"--CONTROLPLANE_ADMIN_KEY={AdminKey}",
            "--ControlPlane:Simulator:Enabled=false",

            // A cluster is closed by default: every cluster-mode test runs with mutual TLS.
            .. settings.Any(s => s.StartsWith("--ControlPlane:Redis=", StringComparison.Ordinal)) ? TestClusterTls.Arguments : [],
            .. settings,
        ];
        var clock = new ShiftedClock();
        var app = ControlPlaneApp.Build(args, builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddSingleton<TimeProvider>(clock);
            configure?.Invoke(builder);
        });
        if (!ReferenceEquals(app.Services.GetRequiredService<TimeProvider>(), clock))
        {
            await app.DisposeAsync();
            throw new InvalidOperationException("the control plane registered a clock over the test's: grace periods could not be advanced");
        }

        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningControlPlane(app, new Uri(address), clock);
    }

    public HttpClient Client(string? bearer = AdminKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    public async Task<T> GetJsonAsync<T>(string path, string? bearer = AdminKey)
    {
        using var client = Client(bearer);
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<T>(ApiJson.Options))!;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
