using System.Net;
using System.Net.Http.Json;
using ControlPlane.Testing;
using ControlPlane.Web.Apis;
using ControlPlane.Web.Tests.Apis;
using ControlPlane.Wire.Deployments;
using ControlPlane.Wire.Incidents;

namespace ControlPlane.Web.Tests.Failover;

/// <summary>The incident and signal endpoints as automation calls them.</summary>
public static class IncidentCalls
{
    public static async Task<IncidentView[]> IncidentsAsync(this RunningControlPlane plane, string query = "")
    {
        using var client = plane.Client(ApiFixture.OperatorKey);
        var page = await client.GetFromJsonAsync<PageOf<IncidentView>>(new Uri($"/api/v1/incidents{query}", UriKind.Relative), ApiJson.Options);
        return page!.Items;
    }

    public static async Task<IncidentView> IncidentAsync(this RunningControlPlane plane, string id)
    {
        using var client = plane.Client(ApiFixture.OperatorKey);
        return (await client.GetFromJsonAsync<IncidentView>(new Uri($"/api/v1/incidents/{id}", UriKind.Relative), ApiJson.Options))!;
    }

    public static async Task<DeploymentView> DeploymentAsync(this RunningControlPlane plane, string name)
    {
        using var client = plane.Client(ApiFixture.OperatorKey);
        return (await client.GetFromJsonAsync<DeploymentView>(new Uri($"/api/v1/deployments/{name}", UriKind.Relative), ApiJson.Options))!;
    }

    /// <summary>Sends an NCCL timeout; answers the incident id from the 202.</summary>
    public static async Task<string> SignalTimeoutAsync(this RunningControlPlane plane, object signal, string bearer = ApiFixture.OperatorKey)
    {
        using var response = await plane.PostJsonAsync("/api/v1/signals/nccl-timeout", signal, bearer);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<Accepted>(ApiJson.Options);
        Assert.Equal($"/api/v1/incidents/{accepted!.Incident}", response.Headers.Location?.OriginalString);
        return accepted.Incident;
    }

    public static async Task PlaceAsync(this RunningControlPlane plane, string name, object spec)
    {
        using var response = await plane.PutDeploymentAsync(name, spec);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>
    /// One H20 node in <paramref name="pool"/> and a one-pair TP1+TP1 deployment on it, returned once both its pods are
    /// observed in the (fake) cluster; the pods are <c>{name}-prefill-0</c> and <c>{name}-decode-0</c>.
    /// </summary>
    public static async Task<DeploymentView> PlaceOnePairWithPodsAsync(this RunningControlPlane plane, string pool, string name)
    {
        await plane.ReportNodesAsync(pool, ControlPlane.Simulation.NodeTemplates.H20, 1);
        await plane.PlaceAsync(name, DeploymentCalls.Spec(pool, model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1));
        return await Eventually.Until(() => plane.DeploymentAsync(name), v => v.Pairs[0].Pods.Length == 2);
    }

    public sealed record PageOf<T>(T[] Items, string? Continue);

    public sealed record Accepted(string Incident);
}
