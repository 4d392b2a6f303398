using System.Net;
using System.Net.Sockets;

namespace ControlPlane.Silo.Hosting;

/// <summary>
/// A TCP port that accepts connections only while the silo is active: opened at the Active lifecycle stage, closed as
/// soon as the silo begins to stop. It is the silo's readiness probe in a pod (deploy/base/silo.yaml): Orleans binds
/// the silo and gateway ports early in start-up, so they cannot tell a silo that is joining from one that has joined.
/// </summary>
public sealed class SiloReadyPort(int port) : ILifecycleParticipant<ISiloLifecycle>
{
    private TcpListener? listener;
    private CancellationTokenSource? stopping;
    private Task accepting = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(nameof(SiloReadyPort), ServiceLifecycleStage.Active, OpenAsync, CloseAsync);
    }

    private Task OpenAsync(CancellationToken cancellationToken)
    {
        listener = new TcpListener(IPAddress.Any, port);
        listener.Start();
        stopping = new CancellationTokenSource();
        accepting = AcceptAsync(listener, stopping.Token);
        return Task.CompletedTask;
    }

    private async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (listener is null || stopping is null)
        {
            return;
        }

        await stopping.CancelAsync();
        listener.Stop();
        await accepting;
        stopping.Dispose();
    }

    /// <summary>Accepts and closes: a probe's connection that succeeds is the whole answer.</summary>
    private static async Task AcceptAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                using var probe = await listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || (e is SocketException && cancellationToken.IsCancellationRequested))
            {
                return;
            }
        }
    }
}
