using Orleans.Concurrency;

namespace ControlPlane.Contracts.Deployments;

/// <summary>
/// One shard of the names of every deployment, in ordinal order. Callers go through <see cref="DeploymentDirectory"/>,
/// which picks a name's shard and merges the shards for listings.
/// </summary>
[Alias("cp.IDeploymentDirectoryGrain")]
public interface IDeploymentDirectoryGrain : IGrainWithStringKey
{
    /// <summary>Shard 0's key: the key of the single directory before it was sharded, so an upgraded cluster lists what it held.</summary>
    public const string Key = "deployments";

    [Alias("Add")]
    Task AddAsync(string name);

    [Alias("Remove")]
    Task RemoveAsync(string name);

    [Alias("List"), ReadOnly]
    Task<string[]> ListAsync();
}
