using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Silo.Hosting;

/// <summary>
/// A background loop that treats a failed or slow call (a grain call past its response timeout, a dead or stopped silo,
/// storage down) as weather: it logs, waits longer after each failure in a row (doubling from <see cref="Every"/> up to
/// <see cref="MaxBackoff"/>), and tries again. Nothing it meets stops its host; only the host's stop ends it.
/// </summary>
public abstract partial class ResilientLoop(TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>The longest wait after failures in a row.</summary>
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>The clock the loop waits on (a test's fake one, or the system's).</summary>
    protected TimeProvider Clock => clock;

    /// <summary>The wait between two steps that succeeded.</summary>
    protected abstract TimeSpan Every { get; }

    /// <summary>Failures in a row so far (0 after a step that succeeded).</summary>
    public int FailuresInARow { get; private set; }

    /// <summary>Steps that ended, failed or not.</summary>
    public long Steps { get; private set; }

    /// <summary>One step of the loop; anything it throws is logged and tried again after a back-off.</summary>
    protected abstract Task StepAsync(CancellationToken stoppingToken);

    /// <summary>The wait after <paramref name="failures"/> failures in a row: doubling from <paramref name="every"/>, at most <see cref="MaxBackoff"/>.</summary>
    public static TimeSpan WaitAfter(int failures, TimeSpan every) =>
        failures <= 0 ? every : TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, every.Ticks << Math.Min(failures, 16)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await StepAsync(stoppingToken);
                FailuresInARow = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                FailuresInARow++;
                LogStepFailed(logger, e, GetType().Name, FailuresInARow, WaitAfter(FailuresInARow, Every));
            }

            Steps++;
            try
            {
                await Task.Delay(WaitAfter(FailuresInARow, Every), clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Loop} failed ({Failures} in a row); trying again in {Wait}")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, string loop, int failures, TimeSpan wait);
}
