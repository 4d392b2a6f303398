using ControlPlane.Contracts.Audit;
using ControlPlane.Wire.Audit;

namespace ControlPlane.Grains.Audit;

/// <summary>A sealed chunk of the audit log; sealing again (after a head write that failed) replaces it with the same numbers.</summary>
public sealed class AuditChunkGrain(
    [PersistentState("audit-chunk", StorageNames.Default)] IPersistentState<AuditChunkGrain.Chunk> state) : Grain, IAuditChunkGrain
{
    public Task SealAsync(AuditEntry[] entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return state.CommitAsync(new Chunk { Entries = entries }, GrainContext, "the audit chunk");
    }

    public Task<AuditEntry[]> ListAsync() => Task.FromResult(state.State.Entries);

    public async Task DropAsync()
    {
        if (state.RecordExists)
        {
            await state.ClearAsync(new Chunk(), GrainContext, "the dropped audit chunk");
        }

        DeactivateOnIdle();
    }

    [GenerateSerializer, Immutable, Alias("cp.AuditChunkGrain.Chunk")]
    public sealed record Chunk
    {
        [Id(0)] public AuditEntry[] Entries { get; init; } = [];
    }
}
