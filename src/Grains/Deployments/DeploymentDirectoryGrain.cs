using ControlPlane.Contracts.Deployments;

namespace ControlPlane.Grains.Deployments;

public sealed class DeploymentDirectoryGrain(
    [PersistentState("deployments", StorageNames.Default)] IPersistentState<DeploymentDirectoryGrain.Names> state) : Grain, IDeploymentDirectoryGrain
{
    public async Task AddAsync(string name)
    {
        if (!state.State.All.Contains(name, StringComparer.Ordinal))
        {
            await state.CommitAsync(new Names { All = [.. state.State.All.Append(name).Order(StringComparer.Ordinal)] }, GrainContext, $"adding {name}");
        }
    }

    public async Task RemoveAsync(string name)
    {
        if (state.State.All.Contains(name, StringComparer.Ordinal))
        {
            await state.CommitAsync(new Names { All = [.. state.State.All.Where(n => n != name)] }, GrainContext, $"removing {name}");
        }
    }

    public Task<string[]> ListAsync() => Task.FromResult(state.State.All);

    [GenerateSerializer, Immutable, Alias("cp.DeploymentDirectoryGrain.Names")]
    public sealed record Names
    {
        [Id(0)] public string[] All { get; init; } = [];
    }
}
