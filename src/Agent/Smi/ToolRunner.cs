using System.ComponentModel;
using System.Diagnostics;

namespace ControlPlane.Agent.Smi;

/// <summary>Runs a node tool and returns its standard output; a tool that is missing, fails or hangs is a note, not a crash.</summary>
internal sealed class ToolRunner(TimeSpan timeout)
{
    public static ToolRunner Default { get; } = new(TimeSpan.FromSeconds(30));

    public string? Run(string fileName, IReadOnlyList<string> arguments, List<string> notes)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var commandLine = $"{fileName} {string.Join(' ', arguments)}";
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                notes.Add($"{commandLine}: no answer within {timeout.TotalSeconds:0} s");
                return null;
            }

            if (process.ExitCode != 0)
            {
                notes.Add($"{commandLine}: exit code {process.ExitCode}: {stderr.Result.Trim()}");
                return null;
            }

            return stdout.Result;
        }
        catch (Win32Exception)
        {
            notes.Add($"{commandLine}: {fileName} not found");
            return null;
        }
    }
}
