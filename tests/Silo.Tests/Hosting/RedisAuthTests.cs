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
        await using var intruder = await ConnectionMultiplexer.ConnectAsync($"{redis.Endpoint},abortConnect=false,connectTimeout=2000");
        await using var member = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);

        var refused = await Assert.ThrowsAnyAsync<RedisException>(() => intruder.GetDatabase().StringSetAsync(key, "taken over"));
        await member.GetDatabase().StringSetAsync(key, "ours");

        Assert.Contains("NOAUTH", refused.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("ours", (string?)await member.GetDatabase().StringGetAsync(key));
    }
}
