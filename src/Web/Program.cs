using ControlPlane.Silo.Hosting;
using ControlPlane.Web.Hosting;

// Embedded by default: one process with a silo, the REST API, the portal and a simulated fleet.
// Set ControlPlane:Redis (or CONTROLPLANE_REDIS) to join a Redis-backed cluster instead.
return await ControlPlaneApp.Build(args).RunToExitCodeAsync();
