using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Silo.Hosting;

/// <summary>
/// A start that failed because a port is taken (most often by another control plane still running), said as the
/// setting to change instead of a stack trace that names no port. A hosted silo registers one; it looks at the silo's
/// ports when resolved, before the host runs (a failed start may leave its own listeners open, so they cannot be told
/// apart afterwards).
/// </summary>
public sealed class PortInUse
{
    private readonly string[] _taken;

    private PortInUse(string[] taken) => _taken = taken;

    /// <summary>The host's instance, resolved now: a silo's ports are looked at; a host without a silo has none.</summary>
    public static PortInUse Of(IServiceProvider services) => services.GetService<PortInUse>() ?? new PortInUse([]);

    internal static PortInUse LookingAt(SiloOptions silo) => new(
        [.. new[] { (Key: nameof(SiloOptions.Port), Port: silo.Port), (Key: nameof(SiloOptions.GatewayPort), Port: silo.GatewayPort) }
            .Where(p => IsTaken(p.Port))
            .Select(p => $"{SiloOptions.Section}:{p.Key} ({p.Port})")]);

    public static bool IsCause(Exception failure) => Chain(failure).Any(e => e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse });

    /// <summary>The silo's ports that were taken before start, with their keys; otherwise the listener's own message (the web's <c>--urls</c>).</summary>
    public string Explain(Exception failure) => _taken.Length > 0
        ? $"{string.Join(" and ", _taken)} {(_taken.Length == 1 ? "is" : "are")} already in use by another process (another control plane still running?): stop it, or set {(_taken.Length == 1 ? "that key" : "those keys")} to free ports."
        : $"A port is already in use: {string.Join(" ", Chain(failure).Select(e => e.Message).Distinct())} Stop the process that holds it, or choose another port (--urls for the API and portal).";

    private static bool IsTaken(int port)
    {
        try
        {
            using var probe = new TcpListener(IPAddress.Any, port);
            probe.Start();
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    private static IEnumerable<Exception> Chain(Exception failure)
    {
        var pending = new Stack<Exception>([failure]);
        while (pending.TryPop(out var e))
        {
            yield return e;
            foreach (var inner in e is AggregateException aggregate ? aggregate.InnerExceptions : e.InnerException is { } one ? [one] : [])
            {
                pending.Push(inner);
            }
        }
    }
}
