using ControlPlane.Contracts.Audit;
using ControlPlane.Wire.Audit;
using Microsoft.Extensions.Options;

namespace ControlPlane.Grains.Audit;

/// <summary>
/// One grain holds the log: operator actions are rare (people, not machines), so one writer with the whole bounded
/// log in its state is simple and ordered; each append is committed before it is answered.
/// </summary>
public sealed class AuditLogGrain(
    [PersistentState("audit", StorageNames.Default)] IPersistentState<AuditLogGrain.Log> state,
    IOptions<AuditOptions> options) : Grain, IAuditLogGrain
{
    public async Task<long> AppendAsync(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var s = state.State;
        var seq = s.Last + 1;
        var keep = Math.Max(0, s.Entries.Length + 1 - options.Value.Capacity);
        await state.CommitAsync(new Log { Last = seq, Entries = [.. s.Entries.Skip(keep), entry with { Seq = seq }] }, GrainContext, "the audit entry");
        return seq;
    }

    public Task<AuditEntry[]> ListAsync(long? before, int limit)
    {
        var entries = state.State.Entries;
        var end = before is { } b ? LowerBound(entries, b) : entries.Length;
        var take = Math.Clamp(limit, 1, 1001);
        var start = Math.Max(0, end - take);
        return Task.FromResult(entries[start..end].Reverse().ToArray());
    }

    /// <summary>Entries are in <c>Seq</c> order: the index of the first entry numbered <paramref name="seq"/> or more.</summary>
    private static int LowerBound(AuditEntry[] entries, long seq)
    {
        var (lo, hi) = (0, entries.Length);
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            (lo, hi) = entries[mid].Seq < seq ? (mid + 1, hi) : (lo, mid);
        }

        return lo;
    }

    [GenerateSerializer, Immutable, Alias("cp.AuditLogGrain.Log")]
    public sealed record Log
    {
        /// <summary>The number of the newest entry ever appended (kept when old entries are dropped).</summary>
        [Id(0)] public long Last { get; init; }
        [Id(1)] public AuditEntry[] Entries { get; init; } = [];
    }
}
