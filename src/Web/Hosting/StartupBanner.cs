using ControlPlane.Silo.Hosting;
using ControlPlane.Web.Auth;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ControlPlane.Web.Hosting;

/// <summary>What a newcomer needs on start-up: where to point the browser, which key to use, and whether state survives.</summary>
internal static class StartupBanner
{
    public static void PrintWhenStarted(WebApplication app, ClusterSettings cluster, int simulatedNodes)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var key = app.Services.GetRequiredService<AdminKey>();
            var lines = new List<string>
            {
                "ControlPlane is up.",
                "  Portal and API: " + string.Join(", ", addresses),
                cluster.IsEmbedded
                    ? "  Mode: embedded (one process, in-memory grain storage): STATE IS NOT DURABLE and is lost when this process stops."
                    : $"  Mode: cluster '{cluster.ClusterId}' on Redis (grain state is durable).",
            };
            if (simulatedNodes > 0)
            {
                lines.Add($"  Simulated fleet: {simulatedNodes} nodes reporting through the ingestion path.");
            }

            lines.Add(key.Generated
                ? $"  Admin API key (generated, shown once; set {AdminKey.EnvironmentVariable} to choose it): {key.Value}"
                : $"  Admin API key: from {AdminKey.EnvironmentVariable}.");
            if (app.Services.GetRequiredService<AgentTokenSecret>().Generated)
            {
                lines.Add($"  Agent token secret: generated for this process (tokens it issues stop working when it stops; set {AgentTokenSecret.ConfigurationKey} to keep them).");
            }

            lines.Add("  Try: curl -H 'Authorization: Bearer <key>' " + (addresses.FirstOrDefault() ?? ControlPlaneApp.DefaultUrl) + "/api/v1/nodes");
            Console.WriteLine(string.Join(Environment.NewLine, lines));
        });
    }
}
