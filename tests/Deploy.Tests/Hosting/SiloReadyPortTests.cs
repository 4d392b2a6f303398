using System.Net;
using System.Net.Sockets;
using ControlPlane.Silo.Hosting;
using ControlPlane.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ControlPlane.Deploy.Tests.Hosting;

public class SiloReadyPortTests
{
    [Fact]
    public async Task The_ready_port_is_closed_while_the_silo_starts_open_while_it_is_active_and_closed_once_it_stops()
    {
        var (siloPort, gatewayPort, readyPort) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var startingUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var carryOn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort);
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(new SiloReadyPort(readyPort));
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(new HoldStartUp(startingUp, carryOn.Task));
        });
        using var host = builder.Build();

        var starting = host.StartAsync();
        await startingUp.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(await AcceptsAsync(siloPort), "the silo port should already be bound");
        Assert.False(await AcceptsAsync(readyPort), "the ready port is open before the silo is active");
        carryOn.SetResult();
        await starting.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(await AcceptsAsync(readyPort), "the ready port is closed while the silo is active");
        Assert.True(await AcceptsAsync(readyPort), "the ready port answers one probe only");

        await host.StopAsync();
        Assert.False(await AcceptsAsync(readyPort), "the ready port is open after the silo stopped");
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(5));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Holds the silo's start-up after its listeners are bound and before it becomes active.</summary>
    private sealed class HoldStartUp(TaskCompletionSource reached, Task release) : ILifecycleParticipant<ISiloLifecycle>
    {
        public void Participate(ISiloLifecycle lifecycle) =>
            lifecycle.Subscribe(nameof(HoldStartUp), ServiceLifecycleStage.ApplicationServices, async _ =>
            {
                reached.SetResult();
                await release;
            });
    }
}
