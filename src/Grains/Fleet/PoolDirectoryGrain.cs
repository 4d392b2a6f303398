using ControlPlane.Contracts.Fleet;

namespace ControlPlane.Grains.Fleet;

/// <summary>The set of pool names; written once per new pool, read by listings.</summary>
public sealed class PoolDirectoryGrain(
    [PersistentState("pools", StorageNames.Default)] IPersistentState<PoolDirectoryGrain.Pools> state) : Grain, IPoolDirectoryGrain
{
    public async Task RegisterAsync(string pool)
    {
        if (state.State.Names.Contains(pool, StringComparer.Ordinal))
        {
            return;
        }

        await state.CommitAsync(new Pools { Names = [.. state.State.Names.Append(pool).Order(StringComparer.Ordinal)] }, GrainContext, $"pool {pool}");
    }

    public Task<string[]> ListAsync() => Task.FromResult(state.State.Names);

    [GenerateSerializer, Immutable, Alias("cp.PoolDirectoryGrain.Pools")]
    public sealed record Pools
    {
        [Id(0)] public string[] Names { get; init; } = [];
    }
}
