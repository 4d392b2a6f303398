using System.Diagnostics;
using System.Globalization;

namespace ControlPlane.Web.Tests.Hosting;

/// <summary>Stopping and awaiting a child process the way the tests' process wrappers (cp-agent, web, silo) all do.</summary>
internal static class ProcessExits
{
    /// <summary>SIGTERM, as the kubelet stops a pod.</summary>
    public static async Task SendTermAsync(Process process)
    {
        using var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
        await term.WaitForExitAsync();
    }

    /// <summary>The exit code once the process ended and its redirected streams are drained; null when it outlived <paramref name="timeout"/>.</summary>
    public static async Task<int?> ExitCodeWithinAsync(Process process, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        process.WaitForExit(); // drains the redirected streams
        return process.ExitCode;
    }
}
