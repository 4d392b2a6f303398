using System.Net;
using ControlPlane.Contracts.Incidents;
using ControlPlane.Contracts.Reservations;
using ControlPlane.Grains;
using ControlPlane.Grains.Deployments;
using ControlPlane.Grains.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using ControlPlane.Silo.Storage;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace ControlPlane.Silo.Hosting;

/// <summary>One silo configuration for every host: the standalone silo, the web front end's co-hosted silo, the tests.</summary>
public static class SiloConfiguration
{
    public static ISiloBuilder ConfigureControlPlane(this ISiloBuilder silo, IConfiguration configuration)
    {
        var cluster = ClusterSettings.From(configuration);
        if (cluster.IsEmbedded)
        {
            silo.UseLocalhostClustering(cluster.Silo.Port, cluster.Silo.GatewayPort, serviceId: cluster.Silo.ServiceId, clusterId: cluster.Silo.ClusterId);
            silo.Services.AddGrainStorage(StorageNames.Default, (services, _) => ActivatorUtilities.CreateInstance<InProcessGrainStorage>(services));
            silo.UseInMemoryReminderService();
        }
        else
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.Silo.ClusterId;
                o.ServiceId = cluster.Silo.ServiceId;
            });
            silo.ConfigureEndpoints(IPAddress.Parse(cluster.Silo.AdvertisedIp), cluster.Silo.Port, cluster.Silo.GatewayPort, listenOnAnyHostAddress: false);
            silo.UseRedisClustering(options => options.ConfigurationOptions = cluster.RedisOptions());
            silo.AddRedisGrainStorage(StorageNames.Default, options => options.ConfigurationOptions = cluster.RedisOptions());
            // Reminders wake deployments that still have work (an apply to retry, pods to see go) after a silo is lost.
            silo.UseRedisReminderService(options => options.ConfigurationOptions = cluster.RedisOptions());
            silo.Configure<ClusterMembershipOptions>(cluster.Membership.ApplyTo);
            silo.UseClusterTls(cluster.Tls);
            silo.UseKubernetesHostingInPod(Environment.GetEnvironmentVariable);
            silo.Services.AddHostedService<SiloDeathReconcile>();
        }

        // A grain call waits at most this long (Orleans' default is 30 s), so an outage is answered, not hung.
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = cluster.Outages.ResponseTimeout);

        // A grain call carries its caller's trace (W3C traceparent); spans are made only while something listens.
        silo.AddActivityPropagation();
        GrainMeter.Start();

        silo.Services.AddControlPlaneDomain(configuration);
        silo.Services.AddSingleton(_ => PortInUse.LookingAt(cluster.Silo));
        silo.AddStartupTask((services, _) => services.GetRequiredService<IGrainFactory>()
            .GetGrain<IReservationReconcilerGrain>(IReservationReconcilerGrain.Key).EnsureScheduledAsync());
        silo.AddStartupTask((services, _) => services.GetRequiredService<IGrainFactory>()
            .GetGrain<IIncidentDirectoryGrain>(IIncidentDirectoryGrain.Key).EnsureScheduledAsync());
        return silo;
    }

    /// <summary>Options and services the grains need.</summary>
    public static IServiceCollection AddControlPlaneDomain(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddControlPlaneDomainOptions(configuration);
        // Grain state is stored with Orleans' own serializer, not the default Newtonsoft JSON: it is
        // several times cheaper per write, it keys types by their [Alias] (so renaming a class does not
        // orphan stored state), and it always builds new objects. Newtonsoft filled nested objects in
        // place, so loading one cordoned node rewrote the shared CordonState.Open default and every
        // node in the process read as cordoned (see the regression test in Cluster/).
        services.AddSingleton<IGrainStorageSerializer, OrleansGrainStorageSerializer>();
        services.TryAddSingleton(TimeProvider.System); // a test may bring its own clock first
        services.AddSingleton<FleetPlacementPlanner>();
        services.AddSingleton<IDeploymentPlanner>(sp => sp.GetRequiredService<FleetPlacementPlanner>());
        services.AddControlPlaneKubernetes();
        return services;
    }

    /// <summary>An Orleans client for a web front end that does not host a silo (cluster mode only).</summary>
    public static IClientBuilder ConfigureControlPlane(this IClientBuilder client, IConfiguration configuration)
    {
        var cluster = ClusterSettings.From(configuration);
        if (cluster.IsEmbedded)
        {
            throw new InvalidOperationException("A web front end without a silo needs ControlPlane:Redis to find the cluster.");
        }

        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.Silo.ClusterId;
            o.ServiceId = cluster.Silo.ServiceId;
        });
        client.UseRedisClustering(options => options.ConfigurationOptions = cluster.RedisOptions());
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = cluster.Outages.ResponseTimeout);
        client.AddActivityPropagation();
        ClusterAccess.ClusterClientTls.UseClusterTls(client, cluster.Tls);
        return client;
    }
}
