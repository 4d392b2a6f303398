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
catch (Exception e) when (PortInUse.IsCause(e))
{
    // RunAsync has disposed the host: its own listeners are closed, so what is taken now is held by someone else.
    Console.Error.WriteLine(ports.Explain(e));
    return 1;
}
