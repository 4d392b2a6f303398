using ControlPlane.Silo.Hosting;
using ControlPlane.Web.Hosting;

// Embedded by default: one process with a silo, the REST API, the portal and a simulated fleet.
// Set ControlPlane:Redis (or CONTROLPLANE_REDIS) to join a Redis-backed cluster instead.
var app = ControlPlaneApp.Build(args);
var ports = PortInUse.Of(app.Services);
try
{
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (InvalidSettings.IsCause(e))
{
    Console.Error.WriteLine(InvalidSettings.Describe(e));
    return InvalidSettings.ExitCode;
}
catch (Exception e) when (PortInUse.IsCause(e))
{
    Console.Error.WriteLine(ports.Explain(e));
    return 1;
}
