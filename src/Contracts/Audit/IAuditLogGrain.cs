using ControlPlane.Wire.Audit;

namespace ControlPlane.Contracts.Audit;

/// <summary>The fleet-wide audit log of operator actions: append-only, the newest entries kept up to a bound.</summary>
[Alias("cp.IAuditLogGrain")]
public interface IAuditLogGrain : IGrainWithStringKey
{
    const string Key = "audit";

    /// <summary>The most entries one append may carry.</summary>
    const int MaxBatch = IAuditChunkGrain.Size;

    /// <summary>
    /// Stores the entries in their order (numbered by the log) and answers the number of the last; a failed write throws
    /// and stores none of them. Front ends send what gathered while their previous batch was being written.
    /// </summary>
    [Alias("AppendBatch")]
    Task<long> AppendAsync(AuditEntry[] entries);

    /// <summary>Newest first: at most <paramref name="limit"/> entries numbered below <paramref name="before"/> (null: from the newest).</summary>
    [Alias("List"), Orleans.Concurrency.ReadOnly]
    Task<AuditEntry[]> ListAsync(long? before, int limit);
}
