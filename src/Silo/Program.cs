using ControlPlane.Silo.Hosting;
using ControlPlane.Silo.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// A silo of a real cluster: needs ControlPlane:Redis (or CONTROLPLANE_REDIS). Web front ends join
// it as co-hosted silos or as clients (ControlPlane:Web:HostSilo=false).
var builder = Host.CreateApplicationBuilder(args);
if (ClusterSettings.From(builder.Configuration).IsEmbedded)
{
    Console.Error.WriteLine("ControlPlane.Silo runs only in cluster mode: set ControlPlane:Redis (or CONTROLPLANE_REDIS) to a Redis connection string.");
    return HostExitCodes.InvalidSettings;
}

// Orleans and Polly log every placement and retry at Information; the Web project sets the same in appsettings.json.
builder.Logging.AddFilter("Orleans", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning);
builder.Services.AddControlPlaneHostOptions(builder.Configuration);
builder.UseOrleans(silo => silo.ConfigureControlPlane(builder.Configuration));
builder.Services.AddControlPlaneTelemetry(TelemetryOptions.From(builder.Configuration));
return await builder.Build().RunToExitCodeAsync();
