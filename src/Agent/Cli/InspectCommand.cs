using System.CommandLine;
using ControlPlane.Agent.Inspect;
using ControlPlane.Probes;

namespace ControlPlane.Agent.Cli;

/// <summary>
/// <c>cp-agent inspect VERB FILE...</c>: parse captured tool output and print it as JSON (an array for several files);
/// exit 2 with <c>file:line: expected …</c> on stderr for malformed input.
/// </summary>
internal static class InspectCommand
{
    public static Command Create(AgentConsole console)
    {
        var command = new Command("inspect", "Parse a captured tool output and print it as JSON");
        foreach (var verb in InspectVerb.All)
        {
            var files = new Argument<FileInfo[]>("file") { Arity = ArgumentArity.OneOrMore, Description = "Captured output of " + verb.Description };
            var sub = new Command(verb.Name, "Parse " + verb.Description) { files };
            sub.SetAction(async (parse, _) => await InspectAsync(verb, parse.GetValue(files)!, console));
            command.Subcommands.Add(sub);
        }

        return command;
    }

    private static async Task<int> InspectAsync(InspectVerb verb, FileInfo[] files, AgentConsole console)
    {
        var results = new List<string>();
        foreach (var file in files)
        {
            try
            {
                results.Add(verb.ParseFileToJson(file.FullName));
            }
            catch (ProbeParseException e)
            {
                await console.Error.WriteLineAsync(e.Message);
                return ExitCodes.MalformedInput;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await console.Error.WriteLineAsync($"{file.FullName}: {e.Message}");
                return ExitCodes.Failed;
            }
        }

        await console.Out.WriteLineAsync(results.Count == 1 ? results[0] : "[\n" + string.Join(",\n", results) + "\n]");
        return ExitCodes.Ok;
    }
}
