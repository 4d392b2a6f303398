using ControlPlane.ClusterAccess;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace ControlPlane.Samples.FleetClient;

/// <summary>Joins the cluster through its Redis membership table as a client, prints what it reads, and leaves.</summary>
internal static class FleetClientApp
{
    /// <param name="settings">Where <c>ControlPlane:Tls</c> is read from; the environment (<c>ControlPlane__Tls__CertificatePath</c> …) when null.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IConfiguration? settings = null)
    {
        if (ClientArguments.Parse(args, out var problem) is not { } arguments)
        {
            await error.WriteLineAsync($"{problem}\n{ClientArguments.Usage}");
            return 2;
        }

        // The same ControlPlane:Tls settings as every silo and front end of the cluster: closed by default.
        settings ??= new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var tls = settings.GetSection(ClusterTlsOptions.Section).Get<ClusterTlsOptions>() ?? new ClusterTlsOptions();
        if (tls.Problems(clusterMode: true).ToArray() is { Length: > 0 } problems)
        {
            await error.WriteLineAsync(string.Join(Environment.NewLine, problems));
            return 2;
        }

        if (tls.Plaintext)
        {
            await error.WriteLineAsync(ClusterTlsOptions.PlaintextWarning);
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client
            .UseRedisClustering(arguments.Redis)
            .UseClusterTls(tls)
            .Configure<ClusterOptions>(o =>
            {
                o.ClusterId = arguments.ClusterId;
                o.ServiceId = arguments.ServiceId;
            }));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var grains = host.Services.GetRequiredService<IClusterClient>();
            if (arguments is { PutDeployment: { } name, Spec: { } spec })
            {
                return await DeploymentWriter.PutAsync(grains, name, spec, output, error);
            }

            await FleetReader.WriteAsync(grains, arguments.Node, output);
            return 0;
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
