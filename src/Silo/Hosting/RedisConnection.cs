using ControlPlane.ClusterAccess;
using StackExchange.Redis;

namespace ControlPlane.Silo.Hosting;

/// <summary>
/// The one place a Redis connection is configured (membership, grain storage, reminders). The connection string carries
/// the address and the credential (<c>host:port,password=…</c>, or <c>user=…,password=…</c> with Redis ACLs) and turns TLS
/// on (<c>ssl=true</c>); with <see cref="ClusterTlsOptions"/> set, TLS to Redis trusts the cluster's CA and presents this
/// process's certificate (for <c>tls-auth-clients</c>). Timeouts come from <see cref="OutageOptions.StorageTimeout"/>, and a
/// command issued while Redis is unreachable fails at once instead of queueing for a reconnect the caller cannot see.
/// </summary>
public static class RedisConnection
{
    public static ConfigurationOptions Options(string connectionString, OutageOptions outages, ClusterTlsOptions tls)
    {
        ArgumentNullException.ThrowIfNull(outages);
        ArgumentNullException.ThrowIfNull(tls);
        var options = ConfigurationOptions.Parse(connectionString);
        var timeout = (int)outages.StorageTimeout.TotalMilliseconds;
        options.ConnectTimeout = timeout;
        options.SyncTimeout = timeout;
        options.AsyncTimeout = timeout;
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        if (options.Ssl && tls.Enabled)
        {
            options.TrustIssuer(tls.CaPath!);
            options.SetUserPemCertificate(tls.CertificatePath!, tls.KeyPath);
        }

        return options;
    }
}
