using System.Net.Sockets;
using System.Text;
using ControlPlane.Testing;
using StackExchange.Redis;

namespace ControlPlane.Silo.Tests.Hosting;

/// <summary>The cluster's Redis (the test Redis runs with <c>requirepass</c>) refuses anyone without the password.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisAuthTests(RedisServer redis)
{
    [Fact(Timeout = 60_000)]
    public async Task Redis_refuses_a_client_without_the_password_and_serves_one_with_it()
    {
        var key = $"auth-{Guid.NewGuid():N}";
        var refused = await WithoutPasswordAsync($"SET {key} taken-over\r\n");
        await using var member = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var before = await member.GetDatabase().StringGetAsync(key);
        await member.GetDatabase().StringSetAsync(key, "ours");

        Assert.StartsWith("-NOAUTH", refused, StringComparison.Ordinal);
        Assert.True(before.IsNull);
        Assert.Equal("ours", (string?)await member.GetDatabase().StringGetAsync(key));
    }

    /// <summary>What anyone who reaches the port gets: one RESP command sent with no AUTH, and Redis' first answer line.</summary>
    private async Task<string> WithoutPasswordAsync(string command)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await client.ConnectAsync("127.0.0.1", redis.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command), timeout.Token);
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer, timeout.Token);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }
}
