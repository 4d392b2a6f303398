using ControlPlane.Contracts.Deployments;

namespace ControlPlane.Grains.Tests.Deployments;

/// <summary>The deployment directory spread over shards: stable shards, one merged ordered listing, and shard 0 read as the old single directory.</summary>
public sealed class DeploymentDirectoryTests(GrainClusterFixture fixture) : IClassFixture<GrainClusterFixture>
{
    [Fact]
    public void A_name_has_the_same_shard_in_every_process_and_names_spread_over_all_shards()
    {
        // FNV-1a of the UTF-16 code units, fixed: a changed hash would hide every stored name in the wrong shard.
        Assert.Equal(DeploymentDirectory.ShardOf("qwen"), DeploymentDirectory.ShardOf(new string(['q', 'w', 'e', 'n'])));
        Assert.Equal((int)(Fnv("qwen-72b") % DeploymentDirectory.Shards), DeploymentDirectory.ShardOf("qwen-72b"));
        var used = Enumerable.Range(0, 400).Select(i => DeploymentDirectory.ShardOf($"e2e-{i:D5}")).Distinct().Count();
        Assert.Equal(DeploymentDirectory.Shards, used);
        Assert.Equal(IDeploymentDirectoryGrain.Key, DeploymentDirectory.KeyOf(0));
    }

    [Fact]
    public async Task The_listing_merges_the_shards_in_order_and_a_name_left_in_shard_zero_from_before_is_listed_once_and_removed()
    {
        string[] names = [.. Enumerable.Range(0, 40).Select(i => $"dir-{i:D2}")];
        foreach (var name in names.Reverse())
        {
            await DeploymentDirectory.AddAsync(fixture.Grains, name);
        }

        var legacy = names.First(n => DeploymentDirectory.ShardOf(n) != 0);
        await fixture.Grains.GetGrain<IDeploymentDirectoryGrain>(IDeploymentDirectoryGrain.Key).AddAsync(legacy);

        var listed = (await DeploymentDirectory.ListAsync(fixture.Grains)).Where(n => n.StartsWith("dir-", StringComparison.Ordinal));
        Assert.Equal(names, listed);

        await DeploymentDirectory.RemoveAsync(fixture.Grains, legacy);
        Assert.DoesNotContain(legacy, await DeploymentDirectory.ListAsync(fixture.Grains));
        Assert.DoesNotContain(legacy, await fixture.Grains.GetGrain<IDeploymentDirectoryGrain>(IDeploymentDirectoryGrain.Key).ListAsync());
    }

    private static uint Fnv(string s)
    {
        var hash = 2166136261u;
        foreach (var c in s)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
