using System.Net.Http.Json;
using ControlPlane.Web.Apis;
using ControlPlane.Wire.Deployments;

namespace ControlPlane.Bench.Hosting;

/// <summary>Llama-3.1-8B TP1+TP1 deployments of one pair each, created through <c>PUT /api/v1/deployments</c>, spread over the simulated pools.</summary>
internal static class OnePairDeployments
{
    /// <summary>The pools of <see cref="Simulation.SimulatedFleet"/> that can take them.</summary>
    public static readonly string[] Pools = ["h20", "h100", "a100", "h200"];

    /// <summary>Creates one deployment per name, 16 at a time; throws when any was refused (the first three are printed).</summary>
    public static async Task CreateAsync(HttpClient http, string[] names)
    {
        var image = new ImageSpec { Name = "lmsysorg/sglang:v0.5.4-cu124", ComputeCapabilities = ["8.0", "9.0"], Cuda = "12.2" };
        var failed = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, names.Length), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var spec = new DeploymentSpec
            {
                Model = "llama-3.1-8b",
                Engine = "sglang",
                Image = image,
                Prefill = new ReplicaSpec { Tp = 1 },
                Decode = new ReplicaSpec { Tp = 1 },
                Pairs = 1,
                TransferBackend = "nixl",
                TransferPolicy = "prefer-nvlink",

                // Packed placements (no spread) by 16 concurrent clients all pick the same best node and refuse each other.
                Spread = "node",
                Pool = Pools[i % Pools.Length],
            };
            using var response = await http.PutAsJsonAsync($"/api/v1/deployments/{names[i]}", spec, ApiJson.Options, ct);
            if (!response.IsSuccessStatusCode && Interlocked.Increment(ref failed) <= 3)
            {
                Console.Error.WriteLine($"{names[i]}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
            }
        });
        if (failed > 0)
        {
            throw new InvalidOperationException($"{failed} of {names.Length} deployments were not created");
        }
    }
}
