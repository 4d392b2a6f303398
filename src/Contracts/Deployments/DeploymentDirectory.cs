namespace ControlPlane.Contracts.Deployments;

/// <summary>
/// The deployment directory, spread over <see cref="Shards"/> grains by a stable hash of the name: every create and
/// delete writes one shard of about 1/<see cref="Shards"/> of the names, so creates on different shards neither queue
/// behind one activation nor rewrite the whole list. A listing asks every shard at once and merges them.
/// </summary>
public static class DeploymentDirectory
{
    public const int Shards = 16;

    /// <summary>The key of <paramref name="name"/>'s shard: shard 0 keeps <see cref="IDeploymentDirectoryGrain.Key"/>.</summary>
    public static string ShardKey(string name) => KeyOf(ShardOf(name));

    public static string KeyOf(int shard) => shard == 0 ? IDeploymentDirectoryGrain.Key : $"{IDeploymentDirectoryGrain.Key}/{shard}";

    public static Task AddAsync(IGrainFactory grains, string name) => Shard(grains, name).AddAsync(name);

    /// <summary>Removes from the name's shard and from shard 0, which may hold it from before the directory was sharded.</summary>
    public static Task RemoveAsync(IGrainFactory grains, string name)
    {
        var shard = Shard(grains, name).RemoveAsync(name);
        return ShardOf(name) == 0 ? shard : Task.WhenAll(shard, grains.GetGrain<IDeploymentDirectoryGrain>(KeyOf(0)).RemoveAsync(name));
    }

    /// <summary>Every name, in ordinal order, each once.</summary>
    public static async Task<string[]> ListAsync(IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        var shards = await Task.WhenAll(Enumerable.Range(0, Shards).Select(s => grains.GetGrain<IDeploymentDirectoryGrain>(KeyOf(s)).ListAsync()));
        return [.. shards.SelectMany(s => s).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>FNV-1a over the name's UTF-16 code units: the same shard in every process and every release.</summary>
    public static int ShardOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % Shards);
    }

    private static IDeploymentDirectoryGrain Shard(IGrainFactory grains, string name)
    {
        ArgumentNullException.ThrowIfNull(grains);
        return grains.GetGrain<IDeploymentDirectoryGrain>(ShardKey(name));
    }
}
