using Orleans.Concurrency;

namespace ControlPlane.Contracts.Fleet;

/// <summary>The names of every pool that has nodes (one instance, key <see cref="Key"/>).</summary>
[Alias("cp.IPoolDirectoryGrain")]
public interface IPoolDirectoryGrain : IGrainWithStringKey
{
    public const string Key = "pools";

    [Alias("Register"), OneWay]
    Task RegisterAsync(string pool);

    [Alias("List"), ReadOnly]
    Task<string[]> ListAsync();
}
