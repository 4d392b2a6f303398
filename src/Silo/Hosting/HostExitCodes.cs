using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ControlPlane.Silo.Hosting;

/// <summary>How src/Web and src/Silo run their host: a start refused for a reason the operator fixes is one message and an exit code.</summary>
public static class HostExitCodes
{
    /// <summary>A port another process holds (<see cref="PortInUse"/>).</summary>
    public const int PortInUse = 1;

    /// <summary>Invalid settings (<see cref="Hosting.InvalidSettings"/>); also a standalone silo started without Redis.</summary>
    public const int InvalidSettings = 2;

    /// <summary>A stop that did not finish within twice the host's <c>ShutdownTimeout</c>: the process exits without it.</summary>
    public const int StopTimedOut = 3;

    /// <summary>A background service ended with an exception and stopped the host: it must not look like a clean stop.</summary>
    public const int BackgroundServiceFailed = 4;

    /// <summary>How long a stop may take before the process exits without it: twice the host's shutdown timeout.</summary>
    public static TimeSpan StopDeadline(TimeSpan shutdownTimeout) => 2 * shutdownTimeout;

    /// <summary>
    /// Runs the host until it stops: 0, or the exit code of a refused start with its message on stderr. A stop that hangs
    /// (Orleans retries writing this silo's death to a membership table it cannot reach, then grains their state) is
    /// abandoned after <see cref="StopDeadline"/>: what it could not write is what a crash loses,
    /// which the cluster recovers from (the node sequence ceiling, the reservation reconciler, membership votes).
    /// </summary>
    public static async Task<int> RunToExitCodeAsync(this IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var ports = Hosting.PortInUse.Of(host.Services);
        var deadline = StopDeadline(host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
        BackgroundService[] loops = [];
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        using var registration = lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());

        // Read once the host has resolved them itself, so nothing starts in another order than the host's.
        using var started = lifetime.ApplicationStarted.Register(() => loops = [.. host.Services.GetServices<IHostedService>().OfType<BackgroundService>()]);
        try
        {
            var run = host.RunAsync();
            if (await Task.WhenAny(run, stopping.Task) != run && await Task.WhenAny(run, Task.Delay(deadline)) != run)
            {
                await Console.Error.WriteLineAsync($"The stop did not finish within {deadline.TotalSeconds:0} s (is Redis reachable?); exiting without it.");
                return StopTimedOut;
            }

            await run;
            return await FailedBackgroundServiceAsync(loops) is { } failed ? failed : 0;
        }
        catch (Exception e) when (Hosting.InvalidSettings.IsCause(e))
        {
            await Console.Error.WriteLineAsync(Hosting.InvalidSettings.Describe(e));
            return InvalidSettings;
        }
        catch (Exception e) when (Hosting.PortInUse.IsCause(e))
        {
            await Console.Error.WriteLineAsync(ports.Explain(e));
            return PortInUse;
        }
    }

    /// <summary>
    /// Every loop of ours survives a failed call (<c>ResilientLoop</c>), but the host stops on any background service that
    /// throws (<see cref="BackgroundServiceExceptionBehavior.StopHost"/>); such a stop exits non-zero and says which.
    /// </summary>
    private static async Task<int?> FailedBackgroundServiceAsync(IEnumerable<BackgroundService> loops)
    {
        var failed = loops.Where(s => s.ExecuteTask is { IsFaulted: true }).ToArray();
        foreach (var service in failed)
        {
            await Console.Error.WriteLineAsync($"{service.GetType().Name} failed and stopped the process: {service.ExecuteTask!.Exception?.GetBaseException().Message}");
        }

        return failed.Length > 0 ? BackgroundServiceFailed : null;
    }
}
