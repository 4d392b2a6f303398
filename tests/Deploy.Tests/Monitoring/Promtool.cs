using System.Diagnostics;

namespace ControlPlane.Deploy.Tests.Monitoring;

/// <summary>Debian's <c>promtool</c> (package <c>prometheus</c>, installed by .ci/run) run as a process.</summary>
public static class Promtool
{
    public const string Path = "/usr/bin/promtool";

    public static async Task<(int Exit, string Output)> RunAsync(string workingDirectory, params string[] args)
    {
        if (!File.Exists(Path))
        {
            throw new InvalidOperationException($"{Path} was not found. The alert-rule tests run Prometheus' own tool: install it with 'apt-get install prometheus'.");
        }

        var start = new ProcessStartInfo(Path) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
