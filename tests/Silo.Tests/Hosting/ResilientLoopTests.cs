using ControlPlane.Silo.Hosting;
using ControlPlane.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace ControlPlane.Silo.Tests.Hosting;

/// <summary>A background loop meets a grain call that times out, or a silo that is gone, as weather: it backs off and goes on.</summary>
public sealed class ResilientLoopTests
{
    [Fact]
    public async Task A_step_that_times_out_three_times_in_a_row_is_retried_and_the_loop_goes_on()
    {
        using var loop = new FlakyLoop(failFirst: 3);
        await loop.StartAsync(CancellationToken.None);

        await Eventually.Until(() => Task.FromResult(loop.Succeeded), n => n >= 2);

        Assert.False(loop.ExecuteTask!.IsCompleted);
        Assert.Equal(0, loop.FailuresInARow);
        Assert.Equal(3, loop.Failed);
        await loop.StopAsync(CancellationToken.None);
        Assert.True(loop.ExecuteTask.IsCompletedSuccessfully);
    }

    [Theory]
    [InlineData(0, 1_000)]
    [InlineData(1, 2_000)]
    [InlineData(3, 8_000)]
    [InlineData(5, 30_000)]
    [InlineData(40, 30_000)]
    public void The_wait_doubles_per_failure_in_a_row_up_to_30_seconds(int failures, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), ResilientLoop.WaitAfter(failures, TimeSpan.FromSeconds(1)));

    private sealed class FlakyLoop(int failFirst) : ResilientLoop(TimeProvider.System, NullLogger.Instance)
    {
        public int Failed { get; private set; }

        public int Succeeded { get; private set; }

        protected override TimeSpan Every => TimeSpan.FromMilliseconds(5);

        protected override Task StepAsync(CancellationToken stoppingToken)
        {
            if (Failed < failFirst)
            {
                Failed++;
                throw new TimeoutException("Response did not arrive on time in 00:00:05 for IFleetGrain.ListAsync");
            }

            Succeeded++;
            return Task.CompletedTask;
        }
    }
}

/// <summary>A background service that does end with an exception stops the host; the process must not exit 0 as if stopped cleanly.</summary>
public sealed class FailedBackgroundServiceExitTests
{
    [Fact(Timeout = 30_000)]
    public async Task A_host_stopped_by_a_failed_background_service_exits_4()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new Microsoft.Extensions.Hosting.HostApplicationBuilderSettings { DisableDefaults = true });
        Microsoft.Extensions.DependencyInjection.ServiceCollectionHostedServiceExtensions.AddHostedService<Failing>(builder.Services);
        using var host = builder.Build();

        Assert.Equal(HostExitCodes.BackgroundServiceFailed, await host.RunToExitCodeAsync());
    }

    private sealed class Failing : Microsoft.Extensions.Hosting.BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw new InvalidOperationException("a loop that is not a ResilientLoop");
        }
    }
}
