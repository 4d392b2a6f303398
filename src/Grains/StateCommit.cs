namespace ControlPlane.Grains;

/// <summary>
/// The one way a grain changes its persisted state: the next state is computed first, written, and only
/// then current. A failed write leaves the grain with what it had and answers an error that says nothing
/// changed. The activation also goes away: a write that timed out may have reached storage after all, so
/// the next call reloads what storage really holds instead of trusting either version in memory.
/// </summary>
internal static class StateCommit
{
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
            grain.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationError, $"{what} was not stored"));
            throw new StateNotStoredException($"{grain.GrainId.Key}: {what} was not stored ({e.Message}); nothing changed", e);
        }
    }
}
