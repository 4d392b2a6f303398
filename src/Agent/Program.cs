using System.Runtime.InteropServices;
using ControlPlane.Agent.Cli;

// SIGTERM (the kubelet stopping the pod) and SIGINT end `run` cleanly; the source is never disposed because the
// registrations can fire until the process is gone.
var stop = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

return await AgentCli.RunAsync(args, new AgentConsole(Console.Out, Console.Error), stop.Token);

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
