using ControlPlane.Contracts.Nodes;
using ControlPlane.Testing;
using ControlPlane.Wire.Health;
using ControlPlane.Wire.Nodes;

namespace ControlPlane.Silo.Tests.Hosting;

/// <summary>What a silo reads back from Redis belongs to that one grain and to nothing else in the process.</summary>
[Collection(RedisCollection.Name)]
public sealed class StoredStateTests(RedisServer redis)
{
    [Fact(Timeout = 60_000)]
    public async Task Loading_a_cordoned_degraded_node_from_Redis_leaves_a_new_node_schedulable_and_the_shared_defaults_untouched()
    {
        var clusterId = $"stored-{Guid.NewGuid():N}";
        var cordoned = $"cord-{Guid.NewGuid():N}"[..20];
        var fresh = $"fresh-{Guid.NewGuid():N}"[..20];
        await using (var before = await StandaloneSilo.StartAsync(redis.ConnectionString, clusterId))
        {
            var node = before.Grains.GetGrain<INodeGrain>(cordoned);
            await node.ReportAsync(Reports.WithXid(Reports.Steady(cordoned, 1), gpu: 0, xid: 79));
            await node.SetCordonAsync(new CordonChange { Cordon = true, Reason = "only this node", By = "oncall@example" });
        }

        await using var after = await StandaloneSilo.StartAsync(redis.ConnectionString, clusterId);
        var loaded = await after.Grains.GetGrain<INodeGrain>(cordoned).GetAsync();
        await after.Grains.GetGrain<INodeGrain>(fresh).ReportAsync(Reports.Steady(fresh, 1));
        var other = await after.Grains.GetGrain<INodeGrain>(fresh).GetAsync();

        Assert.True(loaded!.Cordon.Cordoned);
        Assert.Equal(HealthStatus.Degraded, loaded.Health.Status);
        Assert.False(other!.Cordon.Cordoned);
        Assert.Null(other.Cordon.Reason);
        Assert.Empty(other.CordonHistory);
        Assert.Equal(HealthStatus.Healthy, other.Health.Status);
        Assert.False(CordonState.Open.Cordoned);
        Assert.Null(CordonState.Open.Reason);
        Assert.Equal(HealthStatus.Unknown, DeviceHealth.Unknown.Status);
        Assert.Empty(DeviceHealth.Unknown.Reasons);
    }
}

/// <summary>Grain state in Redis is Orleans' binary format, keyed by type aliases, not Newtonsoft JSON with .NET type names.</summary>
[Collection(RedisCollection.Name)]
public sealed class StoredFormatTests(RedisServer redis)
{
    [Fact(Timeout = 60_000)]
    public async Task Node_state_in_Redis_is_written_by_the_orleans_serializer()
    {
        var node = $"fmt-{Guid.NewGuid():N}"[..20];
        await using (var silo = await StandaloneSilo.StartAsync(redis.ConnectionString, $"format-{Guid.NewGuid():N}"))
        {
            await silo.Grains.GetGrain<INodeGrain>(node).ReportAsync(Reports.Steady(node, 1));
        }

        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var key = Assert.Single(server.Keys(pattern: $"*{node}*"), k => !k.ToString().Contains("nic", StringComparison.Ordinal));
        var db = connection.GetDatabase();
        var values = await db.KeyTypeAsync(key) == StackExchange.Redis.RedisType.Hash
            ? (await db.HashGetAllAsync(key)).Select(e => (byte[])e.Value!).ToArray()
            : [(byte[])(await db.StringGetAsync(key))!];

        var stored = values.OrderByDescending(v => v.Length).First();
        Assert.True(stored.Length > 100);
        Assert.DoesNotContain("$type", System.Text.Encoding.UTF8.GetString(stored), StringComparison.Ordinal);
        Assert.NotEqual((byte)'{', stored[0]);
    }
}
