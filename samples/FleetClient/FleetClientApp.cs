using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace ControlPlane.Samples.FleetClient;

/// <summary>Joins the cluster through its Redis membership table as a client, prints what it reads, and leaves.</summary>
internal static class FleetClientApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (ClientArguments.Parse(args, out var problem) is not { } arguments)
        {
            await error.WriteLineAsync($"{problem}\n{ClientArguments.Usage}");
            return 2;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client
            .UseRedisClustering(arguments.Redis)
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
