using System.CommandLine;

namespace ControlPlane.Agent.Cli;

/// <summary>The cp-agent command line: run, snapshot, replay, inspect.</summary>
internal static class AgentCli
{
    public static async Task<int> RunAsync(string[] args, AgentConsole console, CancellationToken cancellationToken)
    {
        var root = new RootCommand("cp-agent: probes a GPU node (NVML, nvidia-smi, /proc, sysfs) and reports it to the ControlPlane API")
        {
            RunCommand.Create(console),
            SnapshotCommand.Create(console),
            ReplayCommand.Create(console),
            InspectCommand.Create(console),
        };

        var parse = root.Parse(args);
        return await parse.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error }, cancellationToken);
    }
}
