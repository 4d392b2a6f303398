using System.Net.Http.Json;
using ControlPlane.Contracts.Fleet;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using ControlPlane.Web.Json;
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

        var fleet = plane.Grains.GetGrain<IFleetGrain>(pool);
        for (var i = 0; i < 100 && (await fleet.GetCapacityChangesAsync(0)).Changed.Length < count; i++)
        {
            await Task.Delay(50);
        }

        return names;
    }

    public static object Spec(string pool, string model = "qwen2.5-72b", int prefillTp = 2, int decodeTp = 2, string policy = "prefer-nvlink",
        string[]? capabilities = null, string cuda = "12.4", int pairs = 1, string[]? nodes = null, int spares = 0) => new
    {
        model,
        engine = "sglang",
        image = new { name = "lmsysorg/sglang:v0.5.0-cu124", computeCapabilities = capabilities ?? ["8.0", "9.0"], cuda },
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
        var views = await Task.WhenAll(nodes.Select(n => plane.Grains.GetGrain<ControlPlane.Contracts.Nodes.INodeGrain>(n).GetPlacementAsync()));
        return [.. views.SelectMany(v => v!.Gpus)];
    }
}
