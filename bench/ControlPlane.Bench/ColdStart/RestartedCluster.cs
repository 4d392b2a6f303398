using ControlPlane.Bench.Hosting;
using ControlPlane.Bench.ScaleOut;

namespace ControlPlane.Bench.ColdStart;

/// <summary>
/// The control plane that comes back on the stored cluster: one front end in this process (the default), or
/// <c>--processes N</c> new OS processes (each a web front end co-hosting a silo) read through a cluster client.
/// </summary>
internal sealed class RestartedCluster : IAsyncDisposable
{
    private readonly IAsyncDisposable[] _owned;

    private RestartedCluster(IGrainFactory grains, Uri[] addresses, params IAsyncDisposable[] owned)
    {
        Grains = grains;
        Addresses = addresses;
        _owned = owned;
    }

    public IGrainFactory Grains { get; }

    public Uri[] Addresses { get; }

    /// <summary>Returns once every front end answers <c>/healthz</c>.</summary>
    public static async Task<RestartedCluster> StartAsync(string redis, int processes, string[] settings)
    {
        if (processes <= 0)
        {
            var plane = await BenchControlPlane.StartAsync(redis, settings);
            return new RestartedCluster(plane.Grains, [plane.Address], plane);
        }

        var frontEnds = await Task.WhenAll(Enumerable.Range(0, processes).Select(_ => FrontEndProcess.StartAsync(cpus: null, redis, settings)));
        var client = await BenchClusterClient.StartAsync(redis);
        return new RestartedCluster(client.Grains, [.. frontEnds.Select(f => f.Address)], [client, .. frontEnds]);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }
    }
}
