using ControlPlane.Wire.Audit;

namespace ControlPlane.Contracts.Audit;

/// <summary>The fleet-wide audit log of operator actions: append-only, the newest entries kept up to a bound.</summary>
[Alias("cp.IAuditLogGrain")]
public interface IAuditLogGrain : IGrainWithStringKey
{
    const string Key = "audit";

    /// <summary>Stores the entry (numbered by the log) and answers its number; a failed write throws and stores nothing.</summary>
    [Alias("Append")]
    Task<long> AppendAsync(AuditEntry entry);

    /// <summary>Newest first: at most <paramref name="limit"/> entries numbered below <paramref name="before"/> (null: from the newest).</summary>
    [Alias("List"), Orleans.Concurrency.ReadOnly]
    Task<AuditEntry[]> ListAsync(long? before, int limit);
}
