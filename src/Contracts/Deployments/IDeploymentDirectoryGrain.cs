using Orleans.Concurrency;

namespace ControlPlane.Contracts.Deployments;

/// <summary>The names of every deployment (one instance, key <see cref="Key"/>).</summary>
[Alias("cp.IDeploymentDirectoryGrain")]
public interface IDeploymentDirectoryGrain : IGrainWithStringKey
{
    public const string Key = "deployments";

    [Alias("Add")]
    Task AddAsync(string name);

    [Alias("Remove")]
    Task RemoveAsync(string name);

    [Alias("List"), ReadOnly]
    Task<string[]> ListAsync();
}
