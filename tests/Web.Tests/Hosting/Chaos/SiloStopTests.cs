using System.Diagnostics;
using ControlPlane.Testing;

namespace ControlPlane.Web.Tests.Hosting.Chaos;

/// <summary>
/// A silo process told to stop (SIGTERM, as the kubelet does): with Redis up it exits 0; with Redis gone Orleans would
/// retry writing its death to the unreachable membership table (and grains their state) for minutes, so the process gives
/// up after twice the host's shutdown timeout, exits 3 and says so.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class SiloStopTests(RedisServer shared)
{
    [Fact(Timeout = 120_000)]
    public async Task A_stop_with_Redis_up_exits_0()
    {
        using var silo = await SiloProcess.StartAsync(shared.ConnectionString, $"stop-{Guid.NewGuid():N}", new Dictionary<string, string> { ["shutdownTimeoutSeconds"] = "3" });

        Assert.Equal(0, await silo.TerminateAsync(TimeSpan.FromSeconds(45)));
        Assert.DoesNotContain("The stop did not finish", silo.Output, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_stop_that_cannot_reach_Redis_exits_3_after_twice_the_shutdown_timeout()
    {
        var redis = new RedisServer();
        await redis.InitializeAsync();
        try
        {
            using var silo = await SiloProcess.StartAsync(redis.ConnectionString, $"stop-{Guid.NewGuid():N}", new Dictionary<string, string> { ["shutdownTimeoutSeconds"] = "3" });
            redis.Kill();

            var stopping = Stopwatch.StartNew();
            var exit = await silo.TerminateAsync(TimeSpan.FromSeconds(45));

            Assert.Equal(3, exit);
            Assert.Contains("The stop did not finish within 6 s (is Redis reachable?); exiting without it.", silo.Output, StringComparison.Ordinal);
            Assert.InRange(stopping.Elapsed, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(40));
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }
}
