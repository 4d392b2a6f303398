using System.Net;
using System.Net.Sockets;

namespace ControlPlane.Testing;

/// <summary>Loopback ports nobody listens on right now, for silos, gateways and Redis started by tests.</summary>
public static class FreePorts
{
    // The kernel may hand the same ephemeral port to two binds in a row once the first is closed
    // (a CI run once got Silo:Port == Silo:GatewayPort), so a port is never handed out twice per process.
    private static readonly HashSet<int> HandedOut = [];

    public static int Next()
    {
        lock (HandedOut)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
