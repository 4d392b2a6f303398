using Microsoft.Extensions.Hosting;

namespace ControlPlane.Silo.Hosting;

/// <summary>How src/Web and src/Silo run their host: a start refused for a reason the operator fixes is one message and an exit code.</summary>
public static class HostExitCodes
{
    /// <summary>A port another process holds (<see cref="PortInUse"/>).</summary>
    public const int PortInUse = 1;

    /// <summary>Invalid settings (<see cref="Hosting.InvalidSettings"/>); also a standalone silo started without Redis.</summary>
    public const int InvalidSettings = 2;

    /// <summary>Runs the host until it stops: 0, or the exit code of a refused start with its message on stderr.</summary>
    public static async Task<int> RunToExitCodeAsync(this IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var ports = Hosting.PortInUse.Of(host.Services);
        try
        {
            await host.RunAsync();
            return 0;
        }
        catch (Exception e) when (Hosting.InvalidSettings.IsCause(e))
        {
            await Console.Error.WriteLineAsync(Hosting.InvalidSettings.Describe(e));
            return InvalidSettings;
        }
        catch (Exception e) when (Hosting.PortInUse.IsCause(e))
        {
            await Console.Error.WriteLineAsync(ports.Explain(e));
            return PortInUse;
        }
    }
}
