using ControlPlane.Testing;
using Xunit.Abstractions;

namespace ControlPlane.Web.Tests.Hosting.Chaos;

/// <summary>
/// Two silo processes and a web front end on a Redis that writes every acknowledged write to its append-only file. Redis
/// is killed during load, stays down for <see cref="Outage"/>, and is restarted from its AOF. While it is down, writes are
/// answered 503 + Retry-After within the bound and reads of loaded grains keep working; a probe that needs no write (same
/// facts, under the node's sequence ceiling, before its periodic telemetry write is due) is still accepted; afterwards
/// nothing accepted is lost, even after every silo is killed and the state is read back from Redis.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisOutageTests(ITestOutputHelper output)
{
    /// <summary>How long Redis stays down (the issue's 30 s).</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 300_000)]
    public async Task Redis_down_for_30_s_then_restarted_from_its_AOF_answers_503_meanwhile_and_loses_nothing()
    {
        await using var redis = await RedisServer.StartDurableAsync();
        var clusterId = $"chaos-redis-{Guid.NewGuid():N}";
        var nodes = Enumerable.Range(1, 10).Select(i => $"redis-{i:D2}").ToArray();
        var silos = new List<SiloProcess>(await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => SiloProcess.StartAsync(redis.ConnectionString, clusterId))));
        RunningControlPlane? web = null;
        try
        {
            web = await StartWebAsync(redis, clusterId);
            using var client = new ChaosClient(web.BaseAddress, RunningControlPlane.AdminKey);
            var load = new ChaosLoad(client, "chaos", nodes, ["redis-cordon-1", "redis-cordon-2", "redis-cordon-3"], deployments: 12);
            await load.RegisterAsync("chaos-cordon");

            using var stop = new CancellationTokenSource();
            var running = load.RunAsync(stop.Token);
            await Task.Delay(TimeSpan.FromSeconds(4));
            redis.Kill();
            var down = DateTimeOffset.UtcNow;
            await Task.Delay(TimeSpan.FromSeconds(3));
            var reads = await Task.WhenAll(nodes.Select(client.GetNodeCallAsync));
            var token = await client.IssueTokenAsync(nodes[0]);
            await Task.Delay(Outage - (DateTimeOffset.UtcNow - down));
            await redis.RestartAsync();
            var restarted = DateTimeOffset.UtcNow;
            await Task.Delay(TimeSpan.FromSeconds(10));
            await stop.CancelAsync();
            await running;
            await load.FinishStormAsync(TimeSpan.FromSeconds(60));

            var duringOutage = client.Calls.Where(c => c.At > down.AddSeconds(1) && c.At < restarted).ToArray();
            var writesDuringOutage = duringOutage.Where(c => c.Kind is "cordon" or "deployment").ToArray();
            var probesDuringOutage = duringOutage.Where(c => c.Kind == "probe").ToArray();
            var probesAgain = nodes.Max(n => client.Calls.Where(c => c.Kind == "probe" && c.Target == n && c.Succeeded && c.At >= restarted).Min(c => c.At + c.Latency) - restarted);
            output.WriteLine($"FIGURE outage_s={Outage.TotalSeconds:F0} writes_during_outage={writesDuringOutage.Length} answered_503={writesDuringOutage.Count(c => c.Status == 503)} "
                + $"probes_during_outage={probesDuringOutage.Length} accepted_without_a_write={probesDuringOutage.Count(c => c.Succeeded)} every_node_accepts_probes_after_restart_s={probesAgain.TotalSeconds:F1}");
            Assert.All(reads, r => Assert.True(r.Succeeded, $"a read of a loaded node failed while Redis was down: {r}"));
            Assert.Equal(503, token.Status);
            Assert.NotEmpty(writesDuringOutage);
            Assert.All(writesDuringOutage, c => Assert.Equal(503, c.Status));
            Assert.NotEmpty(probesDuringOutage);
            Assert.All(probesDuringOutage, c => Assert.True(c.Succeeded || c.Status is 503 or 504, $"a probe during the outage: {c}"));
            ChaosVerdict.AnsweredNotHung(client, output);
            var tookEffect = await ChaosVerdict.NothingLostAsync(client, load, nodes);
            await ChaosVerdict.AllocationsConsistentAsync(client, nodes, TimeSpan.FromSeconds(60), output);

            // What was answered is what Redis holds: kill every silo and read it all back from the AOF-restored Redis.
            await web.DisposeAsync();
            web = null;
            foreach (var silo in silos)
            {
                silo.Dispose();
            }

            silos.Clear();
            silos.Add(await SiloProcess.StartAsync(redis.ConnectionString, clusterId));
            await using var reloaded = await StartWebAsync(redis, clusterId);
            using var reader = new ChaosClient(reloaded.BaseAddress, RunningControlPlane.AdminKey);
            tookEffect.AddRange(await ChaosVerdict.NothingLostAsync(reader, load, nodes));
            await ChaosVerdict.AllocationsConsistentAsync(reader, nodes, TimeSpan.FromSeconds(60), output);
            ChaosVerdict.NoErrorTookEffect(tookEffect);
        }
        finally
        {
            if (web is not null)
            {
                await web.DisposeAsync();
            }

            foreach (var silo in silos)
            {
                silo.Dispose();
            }
        }
    }

    private static Task<RunningControlPlane> StartWebAsync(RedisServer redis, string clusterId) => RunningControlPlane.StartAsync(
        "--ControlPlane:Web:HostSilo=false", $"--ControlPlane:Redis={redis.ConnectionString}", $"--ControlPlane:Silo:ClusterId={clusterId}",
            "--ControlPlane:Auth:TokenSecret=test-token-secret-0123456789abcdef");
}
