using ControlPlane.Contracts.Audit;
using ControlPlane.Wire.Audit;

namespace ControlPlane.Grains.Tests.Audit;

/// <summary>
/// The audit log as a head holding the open chunk and sealed chunk grains behind it: appends write the open chunk only,
/// listings cross chunks by number, a failed seal stores nothing, and entries past the capacity are neither listed nor kept.
/// The tests run in order against the one log grain of their cluster.
/// </summary>
public sealed class AuditLogChunkTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    private IAuditLogGrain Log => fixture.Grains.GetGrain<IAuditLogGrain>(IAuditLogGrain.Key);

    [Fact]
    public async Task The_log_numbers_batches_across_chunks_lists_newest_first_and_seals_each_chunk_once()
    {
        var before = await LastAsync();
        var last = 0L;
        foreach (var size in new[] { 100, 200, 256, 44 })
        {
            last = await Log.AppendAsync(Batch(size, $"batch{size}"));
        }

        Assert.Equal(before + 600, last);
        var all = await Log.ListAsync(null, 1001);
        Assert.Equal(Enumerable.Range(0, (int)Math.Min(last, 1001)).Select(i => last - i), all.Select(e => e.Seq));
        Assert.Equal("batch44 43", all[0].Target);

        var page = await Log.ListAsync(before + 300, 50);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => before + 299 - i), page.Select(e => e.Seq));

        var sealedChunk = IAuditChunkGrain.ChunkOf(before + 1);
        Assert.Equal(1, FailingStorage.WritesOf("audit-chunk", IAuditChunkGrain.KeyOf(sealedChunk)));
        Assert.True(FailingStorage.WritesOf("audit", IAuditLogGrain.Key) >= 4);
    }

    [Fact]
    public async Task A_seal_that_fails_stores_none_of_the_batch_and_the_next_append_takes_the_same_numbers()
    {
        var before = await LastAsync();
        var toNextChunk = (int)(IAuditChunkGrain.Size - (before % IAuditChunkGrain.Size));
        var batch = Batch(Math.Min(toNextChunk + 1, IAuditLogGrain.MaxBatch), "refused");
        using (FailingStorage.FailWritesOf(IAuditChunkGrain.KeyOf(IAuditChunkGrain.ChunkOf(before + 1))))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => Log.AppendAsync(batch));
        }

        Assert.Equal(before, await LastAsync());
        Assert.DoesNotContain(await Log.ListAsync(null, 10), e => e.Target.StartsWith("refused", StringComparison.Ordinal));

        var last = await Log.AppendAsync(Batch(batch.Length, "stored"));
        Assert.Equal(before + batch.Length, last);
        var listed = await Log.ListAsync(null, batch.Length);
        Assert.All(listed, e => Assert.StartsWith("stored", e.Target, StringComparison.Ordinal));
        Assert.Equal(before + 1, listed[^1].Seq);
    }

    [Fact]
    public async Task Entries_past_the_capacity_are_not_listed()
    {
        const int capacity = 10_000; // AuditOptions' default, which the test cluster keeps
        for (var i = 0; i < 41; i++)
        {
            await Log.AppendAsync(Batch(IAuditLogGrain.MaxBatch, $"fill{i}"));
        }

        var last = await LastAsync();
        var oldest = await Log.ListAsync(last - capacity + 3, 1001);
        Assert.Equal([last - capacity + 2, last - capacity + 1], oldest.Select(e => e.Seq));
        Assert.Empty(await Log.ListAsync(last - capacity + 1, 10));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(IAuditLogGrain.MaxBatch + 1)]
    public async Task A_batch_that_is_empty_or_too_large_is_refused_and_changes_nothing(int size)
    {
        var before = await LastAsync();
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => Log.AppendAsync(Batch(size, "bad")));
        Assert.Contains($"1 to {IAuditLogGrain.MaxBatch} entries", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await LastAsync());
    }

    private async Task<long> LastAsync() => (await Log.ListAsync(null, 1)) is [var newest] ? newest.Seq : 0;

    private static AuditEntry[] Batch(int size, string tag) =>
        [.. Enumerable.Range(0, size).Select(i => new AuditEntry
        {
            At = DateTimeOffset.UnixEpoch, Who = "operator:test", Action = "cordon", Target = $"{tag} {i}", Outcome = "ok", Status = 200, Via = "api",
        })];
}
