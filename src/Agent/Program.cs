using ControlPlane.Agent.Cli;

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

return await AgentCli.RunAsync(args, new AgentConsole(Console.Out, Console.Error), stop.Token);
