using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

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
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            foreach (var error in parse.Errors)
            {
                await console.Error.WriteLineAsync(error.Message);
            }

            await console.Error.WriteLineAsync($"See '{CommandPath(parse.CommandResult)} --help'.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error }, cancellationToken);
    }

    /// <summary><c>cp-agent inspect topology</c>: the words that name the command the arguments reached.</summary>
    private static string CommandPath(CommandResult command)
    {
        var words = new Stack<string>();
        for (SymbolResult? at = command; at is CommandResult result; at = result.Parent)
        {
            words.Push(result.Command is RootCommand ? "cp-agent" : result.Command.Name);
        }

        return string.Join(' ', words);
    }
}
