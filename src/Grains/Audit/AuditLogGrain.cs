using ControlPlane.Contracts.Audit;
using ControlPlane.Wire.Audit;
using Microsoft.Extensions.Options;

namespace ControlPlane.Grains.Audit;

/// <summary>
/// The log's head: it numbers entries and holds the open chunk (at most <see cref="IAuditChunkGrain.Size"/> entries);
/// when the numbers move past a chunk, the chunk is sealed into its own grain before the head lets go of it. An append
/// writes the open chunk, not the whole log, and a front end's batch is one write however many entries it carries.
/// </summary>
public sealed class AuditLogGrain(
    [PersistentState("audit", StorageNames.Default)] IPersistentState<AuditLogGrain.Log> state,
    IOptions<AuditOptions> options) : Grain, IAuditLogGrain
{
    public async Task<long> AppendAsync(AuditEntry[] entries)
    {
        if (entries is not { Length: > 0 and <= IAuditLogGrain.MaxBatch } || entries.Any(e => e is null))
        {
            throw new ArgumentException($"an audit batch holds 1 to {IAuditLogGrain.MaxBatch} entries, none of them null", nameof(entries));
        }

        var s = state.State;
        var last = s.Last + entries.Length;
        AuditEntry[] all = [.. s.Entries, .. entries.Select((e, i) => e with { Seq = s.Last + 1 + i })];
        var open = IAuditChunkGrain.ChunkOf(last);
        var lowest = Lowest(last);

        // Sealed before the head lets go of them: a failed seal (or head write) stores nothing and the caller hears so.
        foreach (var chunk in all.Where(e => e.Seq >= lowest).GroupBy(e => IAuditChunkGrain.ChunkOf(e.Seq)).Where(c => c.Key < open))
        {
            await Chunk(chunk.Key).SealAsync([.. chunk]);
        }

        await state.CommitAsync(new Log { Last = last, Entries = [.. all.Where(e => IAuditChunkGrain.ChunkOf(e.Seq) == open)] }, GrainContext, "the audit entries");
        for (var dropped = IAuditChunkGrain.ChunkOf(Lowest(s.Last)); dropped < IAuditChunkGrain.ChunkOf(lowest); dropped++)
        {
            Chunk(dropped).DropAsync().Ignore();
        }

        return last;
    }

    public async Task<AuditEntry[]> ListAsync(long? before, int limit)
    {
        var take = Math.Clamp(limit, 1, 1001);
        var last = state.State.Last;
        var (lowest, end) = (Lowest(last), Math.Min(before is { } b ? b - 1 : last, last));
        var head = state.State.Entries;
        var headLowest = head.Length > 0 ? head[0].Seq : last + 1;
        var found = head.Where(e => e.Seq <= end && e.Seq >= lowest).Reverse().Take(take).ToList();
        // Only numbers below the head's live in chunks: none (a log not yet past its first chunk) reads no chunk grain.
        var older = Math.Min(end, headLowest - 1);
        for (var chunk = IAuditChunkGrain.ChunkOf(older); found.Count < take && older >= lowest && chunk >= IAuditChunkGrain.ChunkOf(lowest); chunk--)
        {
            var sealedEntries = await Chunk(chunk).ListAsync();
            found.AddRange(sealedEntries.Where(e => e.Seq <= end && e.Seq < headLowest && e.Seq >= lowest).Reverse().Take(take - found.Count));
        }

        return [.. found];
    }

    /// <summary>The oldest number kept when the newest is <paramref name="last"/>.</summary>
    private long Lowest(long last) => Math.Max(1, last - options.Value.Capacity + 1);

    private IAuditChunkGrain Chunk(long chunk) => GrainFactory.GetGrain<IAuditChunkGrain>(IAuditChunkGrain.KeyOf(chunk));

    [GenerateSerializer, Immutable, Alias("cp.AuditLogGrain.Log")]
    public sealed record Log
    {
        /// <summary>The number of the newest entry ever appended (kept when old entries are dropped).</summary>
        [Id(0)] public long Last { get; init; }

        /// <summary>The open chunk's entries in number order (a log written before chunks existed holds older ones too, until its next append seals them).</summary>
        [Id(1)] public AuditEntry[] Entries { get; init; } = [];
    }
}
