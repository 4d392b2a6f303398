using Orleans.CodeGeneration;
using Orleans.Concurrency;

namespace ControlPlane.Contracts.Fleet;

/// <summary>The names of every pool that has nodes (one instance, key <see cref="Key"/>).</summary>
// Version 2: RegisterAsync answers (it was one-way), so a node can tell a failed registration and try again.
[Alias("cp.IPoolDirectoryGrain"), Version(2)]
public interface IPoolDirectoryGrain : IGrainWithStringKey
{
    public const string Key = "pools";

    [Alias("Register")]
    Task RegisterAsync(string pool);

    [Alias("List"), ReadOnly]
    Task<string[]> ListAsync();
}
