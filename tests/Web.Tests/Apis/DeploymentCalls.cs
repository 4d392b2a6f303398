using System.Net.Http.Json;
using ControlPlane.Contracts.Fleet;
using ControlPlane.Contracts.Nodes;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Web.Apis;
using ControlPlane.Wire.Placement;

namespace ControlPlane.Web.Tests.Apis;

/// <summary>Fleets and deployment calls for the deployment tests: each test owns a pool, so tests never share GPUs.</summary>
public static class DeploymentCalls
{
    public static async Task<string[]> ReportNodesAsync(this RunningControlPlane plane, string pool, NodeTemplate template, int count)
    {
        var names = Enumerable.Range(1, count).Select(i => $"{pool}-{i}").ToArray();
        foreach (var name in names)
        {
            using var response = await plane.PutProbeAsync(name, Reports.Steady(name, 1, template) with { Pool = pool }, RunningControlPlane.AdminKey);
            response.EnsureSuccessStatusCode();
        }

        await plane.IndexedAsync(names);
        return names;
    }

    /// <summary>
    /// Waits until its pool's fleet index holds each node's placement view at least as new as the node grain's (the index
    /// hears of every change one-way, after the call that made it has returned); fails with what the index last held.
    /// </summary>
    public static async Task IndexedAsync(this RunningControlPlane plane, params string[] nodes)
    {
        var authority = (await Task.WhenAll(nodes.Select(n => plane.Grains.GetGrain<INodeGrain>(n).GetPlacementAsync())))
            .Select((view, i) => view ?? throw new InvalidOperationException($"node {nodes[i]} never reported")).ToArray();
        var fleets = authority.Select(a => a.Pool).Distinct().Select(pool => plane.Grains.GetGrain<IFleetGrain>(pool)).ToArray();
        await Eventually.Until(
            async () => (await Task.WhenAll(fleets.Select(f => f.GetCapacityChangesAsync(0)))).SelectMany(d => d.Changed).Where(c => nodes.Contains(c.Node)).Select(Indexed.Of).ToArray(),
            indexed => authority.All(a => indexed.Any(i => i.Node == a.Node && i.Version >= a.Version)));
    }

    /// <summary>A node's placement view as the fleet index holds it (what a failed wait prints).</summary>
    private sealed record Indexed(string Node, long Version, string[] Held)
    {
        public static Indexed Of(PlacementNode n) =>
            new(n.Node, n.Version, [.. n.Gpus.Where(g => g.AllocatedTo is not null).Select(g => $"{g.Index}:{g.AllocatedTo}")]);
    }

    public static object Spec(string pool, string model = "qwen2.5-72b", int prefillTp = 2, int decodeTp = 2, string policy = "prefer-nvlink",
        string[]? capabilities = null, string cuda = "12.4", int pairs = 1, string[]? nodes = null, int spares = 0) => new
    {
        model,
        engine = "sglang",
        image = new { name = "lmsysorg/sglang:v0.5.4-cu124", computeCapabilities = capabilities ?? ["8.0", "9.0"], cuda },
        prefill = new { tp = prefillTp },
        decode = new { tp = decodeTp },
        pairs,
        spares,
        transferBackend = "nixl",
        transferPolicy = policy,
        spread = "node",
        pool,
        nodes,
    };

    public static async Task<HttpResponseMessage> PutDeploymentAsync(this RunningControlPlane plane, string name, object spec, string bearer = ApiFixture.OperatorKey)
    {
        using var client = plane.Client(bearer);
        return await client.PutAsJsonAsync(new Uri($"/api/v1/deployments/{name}", UriKind.Relative), spec, ApiJson.Options);
    }

    public static async Task<(HttpResponseMessage Response, PlacementPlan? Plan)> PlanAsync(this RunningControlPlane plane, object spec)
    {
        var response = await plane.PostJsonAsync("/api/v1/placements:plan", spec, ApiFixture.ViewerKey);
        return (response, response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<PlacementPlan>(ApiJson.Options) : null);
    }

    public static async Task<PlacementGpu[]> GpusAsync(this RunningControlPlane plane, IEnumerable<string> nodes)
    {
        var views = await Task.WhenAll(nodes.Select(n => plane.Grains.GetGrain<INodeGrain>(n).GetPlacementAsync()));
        return [.. views.SelectMany(v => v!.Gpus)];
    }
}
