using ControlPlane.Agent.Cli;

namespace ControlPlane.Agent.Tests;

/// <summary>Runs cp-agent's entry method in-process and captures what it printed.</summary>
internal static class CliRunner
{
    public static Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await AgentCli.RunAsync(args, new AgentConsole(stdout, stderr), cancellationToken);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
