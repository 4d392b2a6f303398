using ControlPlane.ClusterAccess;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Silo.Hosting;

/// <summary>Says at every start, as a warning, that a cluster-mode process runs without TLS (<see cref="ClusterTlsOptions.AllowPlaintext"/>).</summary>
internal sealed partial class PlaintextClusterWarning(IOptions<ClusterTlsOptions> tls, ILogger<PlaintextClusterWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (tls.Value.Plaintext)
        {
            LogPlaintext(logger, ClusterTlsOptions.PlaintextWarning);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void LogPlaintext(ILogger logger, string warning);
}
