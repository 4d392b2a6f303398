using ControlPlane.Wire.Audit;

namespace ControlPlane.Contracts.Audit;

/// <summary>
/// A sealed stretch of the audit log (<see cref="Size"/> entries, numbered from chunk × size + 1), written once by the
/// log grain when the log moves past it, so an append never rewrites more than the open chunk.
/// </summary>
[Alias("cp.IAuditChunkGrain")]
public interface IAuditChunkGrain : IGrainWithStringKey
{
    const int Size = 256;

    static string KeyOf(long chunk) => $"{IAuditLogGrain.Key}/{chunk}";

    /// <summary>The chunk of the entry numbered <paramref name="seq"/> (numbers start at 1).</summary>
    static long ChunkOf(long seq) => (seq - 1) / Size;

    [Alias("Seal")]
    Task SealAsync(AuditEntry[] entries);

    [Alias("List"), Orleans.Concurrency.ReadOnly]
    Task<AuditEntry[]> ListAsync();

    /// <summary>Drops the chunk once the log's capacity has moved past it.</summary>
    [Alias("Drop")]
    Task DropAsync();
}
