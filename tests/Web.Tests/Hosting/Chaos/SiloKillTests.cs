using System.Diagnostics;
using ControlPlane.Testing;
using Xunit.Abstractions;

namespace ControlPlane.Web.Tests.Hosting.Chaos;

/// <summary>
/// Three silo processes, a web front end (an Orleans client) and real Redis; one silo is killed with SIGKILL in the middle
/// of a deployment storm and probe ingestion. Clients are answered (503 + Retry-After), never hung, and afterwards nothing
/// accepted is lost and every GPU is held by exactly the replica that lists it.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class SiloKillTests(RedisServer redis, ITestOutputHelper output)
{
    [Fact(Timeout = 300_000)]
    public async Task Killing_one_of_three_silo_processes_mid_storm_loses_nothing_and_hangs_no_request()
    {
        var clusterId = $"chaos-kill-{Guid.NewGuid():N}";
        var nodes = Enumerable.Range(1, 12).Select(i => $"kill-{i:D2}").ToArray();
        var silos = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => SiloProcess.StartAsync(redis.ConnectionString, clusterId)));
        try
        {
            await using var web = await RunningControlPlane.StartAsync(
                "--ControlPlane:Web:HostSilo=false", $"--ControlPlane:Redis={redis.ConnectionString}", $"--ControlPlane:Silo:ClusterId={clusterId}",
            "--ControlPlane:Auth:TokenSecret=test-token-secret-0123456789abcdef");
            using var client = new ChaosClient(web.BaseAddress, RunningControlPlane.AdminKey);
            var load = new ChaosLoad(client, "chaos", nodes, ["kill-cordon-1", "kill-cordon-2", "kill-cordon-3"], deployments: 14);
            await load.RegisterAsync("chaos-cordon");

            using var stop = new CancellationTokenSource();
            var running = load.RunAsync(stop.Token);
            await Task.Delay(TimeSpan.FromSeconds(4));
            var victim = silos[1];
            var sinceKill = Stopwatch.StartNew();
            var killedAt = DateTimeOffset.UtcNow;
            victim.Kill();

            var detected = await DeclaredDeadAsync(web, victim.Port, TimeSpan.FromSeconds(60));
            var answering = await EveryNodeAnswersAsync(client, nodes, TimeSpan.FromSeconds(60), sinceKill);
            output.WriteLine($"FIGURE silo_declared_dead_after_s={detected.TotalSeconds:F1} every_grain_answers_after_s={answering.TotalSeconds:F1}");
            await Task.Delay(TimeSpan.FromSeconds(3));
            await stop.CancelAsync();
            await running;
            await load.FinishStormAsync(TimeSpan.FromSeconds(60));

            ChaosVerdict.AnsweredNotHung(client, output);
            // The storm went on through the kill: requests were answered after it (a kill that is declared dead at once may
            // answer none of them 503; those that met the dead silo answered 503 or 504, held to that by AnsweredNotHung).
            Assert.Contains(client.Calls, c => c.At > killedAt);
            var tookEffect = await ChaosVerdict.NothingLostAsync(client, load, nodes);
            await ChaosVerdict.AllocationsConsistentAsync(client, nodes, TimeSpan.FromSeconds(60), output);
            ChaosVerdict.NoErrorTookEffect(tookEffect);
            Assert.True(detected < TimeSpan.FromSeconds(15), $"the killed silo was declared dead after {detected.TotalSeconds:F1} s");
        }
        finally
        {
            foreach (var silo in silos)
            {
                silo.Dispose();
            }
        }
    }

    /// <summary>Until the cluster's membership no longer lists the silo on <paramref name="port"/> as active.</summary>
    private static async Task<TimeSpan> DeclaredDeadAsync(RunningControlPlane web, int port, TimeSpan bound)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < bound)
        {
            try
            {
                var hosts = await web.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
                if (hosts.Keys.All(h => h.Endpoint.Port != port))
                {
                    return clock.Elapsed;
                }
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                // the management grain may have lived on the killed silo: ask again
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the killed silo was still active after {bound}");
    }

    /// <summary>Until one sweep reads every node (REST) with a success; each read is recorded with the load.</summary>
    private static async Task<TimeSpan> EveryNodeAnswersAsync(ChaosClient client, string[] nodes, TimeSpan bound, Stopwatch sinceKill)
    {
        while (sinceKill.Elapsed < bound)
        {
            var reads = await Task.WhenAll(nodes.Select(client.GetNodeCallAsync));
            if (reads.All(r => r.Succeeded))
            {
                return sinceKill.Elapsed;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"some node did not answer within {bound} of the kill");
    }
}
