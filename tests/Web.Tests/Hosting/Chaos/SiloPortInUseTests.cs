using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ControlPlane.Testing;

namespace ControlPlane.Web.Tests.Hosting.Chaos;

/// <summary>A standalone silo process (cluster mode, real Redis) whose silo port another process holds exits naming the key and port.</summary>
[Collection(RedisCollection.Name)]
public sealed class SiloPortInUseTests(RedisServer redis)
{
    [Fact(Timeout = 120_000)]
    public async Task A_silo_process_whose_port_is_held_exits_naming_ControlPlane_Silo_Port()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.StartAsync(
            redis.ConnectionString, $"port-in-use-{Guid.NewGuid():N}", new Dictionary<string, string> { ["ControlPlane:Silo:Port"] = taken }));

        Assert.Contains("exited with 1", failed.Message, StringComparison.Ordinal);
        Assert.Contains($"ControlPlane:Silo:Port ({taken}) is already in use by another process", failed.Message, StringComparison.Ordinal);
    }
}
