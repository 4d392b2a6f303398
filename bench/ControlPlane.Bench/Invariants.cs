using System.Net.Http.Json;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Contracts.Placement;
using ControlPlane.Simulation;
using ControlPlane.Web.Apis;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Bench;

/// <summary>
/// The allocation invariants, counted from outside: every deployment's pairs (listed through the API) against every node
/// grain's allocations. A GPU two pairs claim is a double allocation; an allocation no live pair owns, or a pair's GPU its
/// owner does not hold, is an orphaned GPU.
/// </summary>
public static class Invariants
{
    public static async Task<(int DoubleAllocations, int OrphanedGpus)> CountAsync(IGrainFactory grains, HttpClient http, int nodes)
    {
        var claims = new Dictionary<(string Node, int Gpu), List<string>>();
        foreach (var deployment in await DeploymentsAsync(http))
        {
            foreach (var pair in deployment.Pairs.Concat(deployment.Removing))
            {
                Claim(claims, deployment.Name, pair, "prefill", pair.Placement.Prefill);
                Claim(claims, deployment.Name, pair, "decode", pair.Placement.Decode);
            }
        }

        var doubles = claims.Count(c => c.Value.Count > 1);
        var orphans = 0;
        var held = new HashSet<(string, int)>();
        foreach (var node in new SimulatedFleet(nodes).Nodes)
        {
            var view = await grains.GetGrain<INodeGrain>(node.Name).GetPlacementAsync();
            foreach (var gpu in view?.Gpus ?? [])
            {
                if (gpu.AllocatedTo is not { } owner)
                {
                    continue;
                }

                held.Add((node.Name, gpu.Index));
                if (!claims.TryGetValue((node.Name, gpu.Index), out var owners) || !owners.Contains(owner))
                {
                    orphans++;
                }
            }
        }

        orphans += claims.Keys.Count(k => !held.Contains(k));
        return (doubles, orphans);
    }

    private static void Claim(Dictionary<(string, int), List<string>> claims, string deployment, PairView pair, string role, ReplicaPlacement replica)
    {
        var owner = new ReservationOwner(deployment, pair.Index, role, pair.Revision).ToString();
        foreach (var gpu in replica.GpuIndices)
        {
            if (!claims.TryGetValue((replica.Node, gpu), out var owners))
            {
                claims[(replica.Node, gpu)] = owners = [];
            }

            owners.Add(owner);
        }
    }

    private static async Task<List<DeploymentView>> DeploymentsAsync(HttpClient http)
    {
        var all = new List<DeploymentView>();
        string? next = null;
        do
        {
            var page = await http.GetFromJsonAsync<Page>($"/api/v1/deployments?limit=1000{(next is null ? "" : $"&continue={Uri.EscapeDataString(next)}")}", ApiJson.Options);
            all.AddRange(page!.Items);
            next = page.Continue;
        }
        while (next is not null);
        return all;
    }

    private sealed record Page(DeploymentView[] Items, string? Continue);
}
