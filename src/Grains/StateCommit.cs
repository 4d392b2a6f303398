using ControlPlane.Contracts.Errors;
using Orleans.Storage;

namespace ControlPlane.Grains;

/// <summary>
/// The one way a grain changes its persisted state: the next state is computed first, written, and only
/// then current. A failed write leaves the grain with what it had and answers an error that says nothing
/// changed (<see cref="StateNotStoredException"/>, in Contracts so every caller can catch it); the activation
/// stays, so reads of what is loaded keep working while storage is down. A write that timed out may have
/// reached storage after all: then the next write meets a newer etag (<see cref="InconsistentStateException"/>),
/// and only then does the activation go away, so the next call reloads what storage really holds.
/// </summary>
internal static class StateCommit
{
    /// <summary>Writes <paramref name="next"/> and makes it current; on failure the current state stays.</summary>
    public static async Task CommitAsync<T>(this IPersistentState<T> state, T next, IGrainContext grain, string what)
    {
        var previous = state.State;
        state.State = next;
        try
        {
            await state.WriteStateAsync();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            state.State = previous;
            throw NotStored(e, grain, what);
        }
    }

    /// <summary>
    /// Writes what is current, for the write-behind indexes (a pool's fleet index, the incident listing) whose state
    /// is derived from their sources and flushed on a timer: a failed flush is tried again at the next one.
    /// </summary>
    public static async Task FlushAsync<T>(this IPersistentState<T> state, IGrainContext grain, string what, CancellationToken cancellationToken = default)
    {
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            throw NotStored(e, grain, what);
        }
    }

    /// <summary>Clears the record; on failure the current state stays.</summary>
    public static async Task ClearAsync<T>(this IPersistentState<T> state, T empty, IGrainContext grain, string what)
    {
        var previous = state.State;
        try
        {
            await state.ClearStateAsync();
            state.State = empty;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            state.State = previous;
            throw NotStored(e, grain, what);
        }
    }

    private static StateNotStoredException NotStored(Exception e, IGrainContext grain, string what)
    {
        if (e is InconsistentStateException)
        {
            grain.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, $"{what} was not stored: storage holds a newer version"));
        }

        return new StateNotStoredException($"{grain.GrainId.Key}: {what} was not stored ({e.Message}); nothing changed", e);
    }
}
