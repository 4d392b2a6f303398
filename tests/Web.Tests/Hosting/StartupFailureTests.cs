using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ControlPlane.Testing;

namespace ControlPlane.Web.Tests.Hosting;

/// <summary>
/// The README's run command refused at start: a port another process holds (another control plane still running) exits 1
/// naming the setting and the port; invalid settings exit 2 naming each key; neither with a stack trace.
/// </summary>
public sealed class StartupFailureTests
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(90);

    [Theory(Timeout = 120_000)]
    [InlineData("Port")]
    [InlineData("GatewayPort")]
    public async Task A_silo_port_held_by_another_process_exits_1_naming_its_key_and_port(string key)
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        var free = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        var (port, gateway) = key == "Port" ? (taken, free) : (free, taken);

        var (exit, _, stderr) = await ProgramProcess.RunAsync(
            BuiltProgram.Web, ProcessTimeout,
            "--urls=http://127.0.0.1:0", $"--ControlPlane:Silo:Port={port}", $"--ControlPlane:Silo:GatewayPort={gateway}", "--ControlPlane:Simulator:Enabled=false");

        Assert.Equal(1, exit);
        Assert.Contains($"ControlPlane:Silo:{key} ({taken}) is already in use by another process", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain($"ControlPlane:Silo:{(key == "Port" ? "GatewayPort" : "Port")} (", stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task The_web_address_held_by_another_process_exits_1_with_the_listeners_message_and_the_setting()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var taken = ((IPEndPoint)holder.LocalEndpoint).Port;

        var (exit, _, stderr) = await ProgramProcess.RunAsync(
            BuiltProgram.Web, ProcessTimeout,
            $"--urls=http://127.0.0.1:{taken}", $"--ControlPlane:Silo:Port={FreePorts.Next()}", $"--ControlPlane:Silo:GatewayPort={FreePorts.Next()}", "--ControlPlane:Simulator:Enabled=false");

        Assert.Equal(1, exit);
        Assert.Contains($"127.0.0.1:{taken}", stderr, StringComparison.Ordinal);
        Assert.Contains("--urls", stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task Invalid_settings_exit_2_naming_every_key_without_a_stack_trace()
    {
        var (exit, _, stderr) = await ProgramProcess.RunAsync(
            BuiltProgram.Web, ProcessTimeout,
            "--urls=http://127.0.0.1:0", $"--ControlPlane:Silo:Port={FreePorts.Next()}", $"--ControlPlane:Silo:GatewayPort={FreePorts.Next()}",
            "--ControlPlane:Simulator:Enabled=false", "--ControlPlane:Health:HeartbeatInterval=00:00:00", "--ControlPlane:Fleet:MaxPageSize=0");

        Assert.Equal(2, exit);
        Assert.StartsWith("Invalid settings; the control plane did not start:", stderr, StringComparison.Ordinal);
        Assert.Contains("ControlPlane:Health:HeartbeatInterval", stderr, StringComparison.Ordinal);
        Assert.Contains("ControlPlane:Fleet:MaxPageSize", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }
}
