using System.Diagnostics;
using System.Globalization;

namespace ControlPlane.Bench.Hosting;

/// <summary>Stopping a child process as an orchestrator does: SIGTERM, a grace period, then kill.</summary>
public static class ProcessSignals
{
    public static async Task TerminateAsync(Process process, TimeSpan grace)
    {
        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
